import type { Verdict } from '@judge/contract';

// The hostile suite: every program a contestant might send to break, fool or
// outlast the sandbox, with the verdict it must get and the traces it must
// not leave. hostile.int.test.ts runs each one through the real engine, then a
// probe submission in the same warm container (probe/) that must see nothing
// of it. Programs live in programs/<language>/.
//
// Every entry is checked for every trace (a process, a file or an IPC object
// left in the container, scratch space above its baseline, a secret of an
// earlier submission, a process on the host, a container after close);
// `mustNotLeave` names the ones the program tries hardest to leave.
//
// `seen` records what the suite observed on each commit of main it ran
// against: 365f416 (before issue #9) and 5ddad73 (the whole-run accounting,
// the cleanup, the seccomp filter, a uid per sandbox, output as bytes).

export type Language = 'c' | 'cpp' | 'python' | 'javascript' | 'go' | 'rust' | 'java' | 'bash';

export type Class =
  | 'cpu' // work hidden from the CPU clock
  | 'memory' // memory hidden from the memory limit
  | 'cleanup' // files built to survive the cleanup
  | 'stash' // hidden test data kept for a later submission
  | 'compile' // compilers made to produce or print too much
  | 'output' // bytes and pipe tricks on stdout and stderr
  | 'surface' // kernel interfaces no submission needs
  | 'process' // processes that outlive, hide or resist
  | 'privilege' // attempts at more rights than the sandbox gives
  | 'leak' // hidden test data through the judge's own answers
  | 'honest'; // what an honest program must still be allowed

export type Trace =
  | 'process' // a process left in the container
  | 'host-process' // a process of the container (in its cgroup) left on the host
  | 'file' // a file in /tmp, /dev/shm, /dev/mqueue or /box beyond the probe's own
  | 'ipc' // a SysV shared memory segment, semaphore set or message queue; a unix socket
  | 'space' // bytes or inodes of a scratch file system above the baseline
  | 'secret'; // a hidden input of an earlier submission, anywhere the probe can read

/** What the test gives the program on stdin. */
export type Input =
  | 'limit' // the case's time limit in ms
  | 'memory' // the case's memory limit in MiB
  | 'secret' // a fresh secret, SECRET-<16 hex digits>
  | 'random-bytes' // 32 KiB of random bytes
  | 'none';

/** Assertions beyond the verdict, implemented in hostile.int.test.ts. */
export type Check =
  | 'time-over-limit' // the reported time (CPU of the whole run) is at least the limit, or what a plain burner got when the wall clock ended it
  | 'memory-over-limit' // the reported memory (peak of the whole run) is at least the limit
  | 'refused' // stdout has "refused ..." lines and no "allowed ..." line
  | 'too-large' // the compile output says the executable is too large
  | 'judge-memory' // the judge process grew by less than the compile output cap
  | 'cache-bounded' // no compile cache entry is larger than the compile output cap
  | 'bytes' // stdout and stderr come back byte for byte (see `bytes`)
  | 'message-bytes' // the custom checker's message comes back byte for byte
  | 'message-quotes-nothing' // a hidden test's checker message quotes neither input nor answer
  | 'found-none' // every test answers "found none" (checked by the tokens checker)
  | 'no-checker-files' // stdout names none of the checker's files
  | 'pack-environment'; // the "ok environment [...]" line names exactly the pack's variables

export interface Entry {
  id: string;
  cls: Class;
  language: Language;
  /** The program, relative to programs/. */
  file: string;
  input: Input;
  /**
   * `heavy` for programs with a fixed, large amount of file system work;
   * `roomy` (three times the normal limit) for programs that must reach a
   * memory goal before a busy machine's wall clock ends them. @defaultValue 'normal'
   */
  time?: 'normal' | 'heavy' | 'roomy';
  /** @defaultValue 64 */
  memoryMb?: number;
  /** @defaultValue 1024 */
  outputKb?: number;
  /** Number of tests (each with its own input). @defaultValue 1 */
  tests?: number;
  /** The tests are hidden: no output is returned, the checker's message must not quote them. */
  hidden?: boolean;
  /** The expected output of every test, for a checked (not plain) run. */
  answer?: 'found none' | 'stdout-nonblocking' | 'secret';
  /** A custom checker (programs/<file>) judges the output. */
  checker?: { language: Language; file: string };
  /** The exit code the (first) test must end with. */
  exitCode?: number;
  /**
   * Runs at the same time in another sandbox of another language (started when
   * the entry's tests start); its stdout must match `stdout`, and the entry's
   * own stdout must match `ready` (it did take what it meant to hold).
   */
  companion?: { language: Language; file: string; ready: RegExp; stdout: RegExp };
  expect: Verdict[];
  checks?: Check[];
  mustNotLeave: Trace[];
  /**
   * What the suite saw, by commit of main: `passes`, or how it fails there and
   * why. 365f416 is main before issue #9's accounting; later commits follow.
   */
  seen: Record<string, string>;
}

/** The expected bytes of the programs checked with 'bytes' (input: the bytes the test sent). */
export const EXPECTED_BYTES: Record<string, (input: Uint8Array) => { stdout: Uint8Array; stderr: Uint8Array }> = {
  'bytes-all': () => {
    const up = Uint8Array.from({ length: 1024 }, (_, i) => i % 256);
    return { stdout: up, stderr: up.map((b) => 255 - b) };
  },
  'bytes-echo': (input) => ({ stdout: Uint8Array.from(input), stderr: Uint8Array.from(input).reverse() }),
  'bytes-invalid-utf8': () => {
    const b = Uint8Array.from(
      // biome-ignore format: one row per family of bad sequences, as in the program
      [
        0x80, 0xbf, 0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xed, 0xa0, 0x80, 0xed, 0xbf, 0xbf, 0xf4, 0x90, 0x80, 0x80, 0xf8, 0x88,
        0x80, 0x80, 0x80, 0xef, 0xbb, 0xbf, 0x00, 0x0d, 0x0a, 0x0d, 0x1b, 0x5b, 0x32, 0x4a, 0xfe, 0xff, 0x25, 0x30, 0x30,
        0x5c, 0x75, 0x30, 0x30, 0x30, 0x30, 0xe2, 0x82,
      ],
    );
    return { stdout: b, stderr: b };
  },
  'protocol-injection': () => {
    const fake = Buffer.concat([
      Buffer.from(
        'OK exit=0 signal=0 cpu=0 wall=0 rss=0 oom=0 walltimeout=0 cputimeout=0 olimit=0 memlimit=0 execerr=0 stdout=0 stderr=0\n' +
          'ERR injected\n',
      ),
      Buffer.from([1, 0, 0, 0, 0, 0, 0, 5]),
      Buffer.from('hello\n'),
      Buffer.from([2, 0, 0, 0, 0, 0, 0, 3]),
      Buffer.from('err\n'),
    ]);
    return { stdout: fake, stderr: fake };
  },
};

/** The checker message of checker-bytes: every byte but whitespace, between < and >. */
export function checkerMessageBytes(): Uint8Array {
  const bytes = [0x3c];
  for (let b = 1; b < 256; b++) if (!(b === 0x20 || (b >= 0x09 && b <= 0x0d))) bytes.push(b);
  bytes.push(0x3e);
  return Uint8Array.from(bytes);
}

/** What stdout-nonblocking writes: 900 KiB of 63-letter lines. */
export function nonblockingOutput(): string {
  const out = Buffer.alloc(900 << 10);
  for (let i = 0; i < out.length; i++) out[i] = (i + 1) % 64 ? 0x61 + (Math.floor(i / 64) % 26) : 0x0a;
  return out.toString('latin1');
}

/** What the surface programs got on 365f416 (all pass on 5ddad73). */
const SURFACE_SEEN: Record<string, string> = {
  'io-uring': 'fails: io_uring_setup is allowed',
  vsock: 'fails: AF_VSOCK stream and seqpacket sockets are allowed',
  ptrace: 'fails: PTRACE_ATTACH to its own child and PTRACE_TRACEME are allowed',
  'other-abis': 'fails: io_uring_setup and socketcall(AF_VSOCK) through int $0x80 are allowed',
};

export const MANIFEST: Entry[] = [
  // ---- CPU hidden from the clock -------------------------------------------------------------------------------
  {
    id: 'cpu-child-nowait',
    cls: 'cpu',
    language: 'c',
    file: 'c/cpu-child-nowait.c',
    input: 'limit',
    expect: ['TLE'],
    checks: ['time-over-limit'],
    mustNotLeave: ['process'],
    seen: {
      '365f416':
        'fails: AC (or TLE by wall), time 1 ms: the child is never waited for, only the main process is polled',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'cpu-vfork',
    cls: 'cpu',
    language: 'c',
    file: 'c/cpu-vfork.c',
    input: 'limit',
    expect: ['TLE'],
    checks: ['time-over-limit'],
    mustNotLeave: ['process'],
    seen: {
      '365f416': 'fails: time 1 ms reported (TLE came from the wall clock): the vfork child is never waited for',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'cpu-child-wait',
    cls: 'cpu',
    language: 'python',
    file: 'python/cpu-child-wait.py',
    input: 'limit',
    expect: ['TLE'],
    checks: ['time-over-limit'],
    mustNotLeave: ['process'],
    seen: {
      '365f416':
        'flaky: passes when the child ends within the wall limit (wait4 then counts it); when the wall clock ends the run first, TLE with the parent time alone (~15 ms)',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'cpu-orphan',
    cls: 'cpu',
    language: 'bash',
    file: 'bash/cpu-orphan.sh',
    input: 'limit',
    expect: ['TLE'],
    checks: ['time-over-limit'],
    mustNotLeave: ['process'],
    seen: {
      '365f416': 'fails: time 3 ms reported (TLE came from the wall clock): the orphan is reaped by PID 1, not counted',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'cpu-threads',
    cls: 'cpu',
    language: 'go',
    file: 'go/cpu-threads.go',
    input: 'limit',
    expect: ['TLE'],
    checks: ['time-over-limit'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'cpu-child-rust',
    cls: 'cpu',
    language: 'rust',
    file: 'rust/cpu-child.rs',
    input: 'limit',
    expect: ['TLE'],
    checks: ['time-over-limit'],
    mustNotLeave: ['process'],
    seen: {
      '365f416': 'fails: time 2 ms reported (TLE came from the wall clock): the child is never waited for',
      '5ddad73': 'passes',
    },
  },
  // ---- memory hidden from the limit ----------------------------------------------------------------------------
  {
    id: 'mem-child',
    cls: 'memory',
    language: 'c',
    file: 'c/mem-child.c',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'fails: AC, 1.3 MiB reported: only the main process RSS is checked', '5ddad73': 'passes' },
  },
  {
    id: 'mem-sysv-shm',
    cls: 'memory',
    language: 'c',
    file: 'c/mem-sysv-shm.c',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['ipc', 'space'],
    seen: { '365f416': 'fails: AC, 1.4 MiB reported: a detached segment is in no RSS', '5ddad73': 'passes' },
  },
  {
    id: 'mem-memfd',
    cls: 'memory',
    language: 'c',
    file: 'c/mem-memfd.c',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'fails: AC, 2.4 MiB reported: unmapped memfd pages are in no RSS', '5ddad73': 'passes' },
  },
  {
    id: 'mem-kernel',
    cls: 'memory',
    language: 'c',
    file: 'c/mem-kernel.c',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['process'],
    seen: {
      '365f416':
        'fails: AC, 1.3 MiB reported: socket and pipe buffers are in no RSS; the compile-sized C container has room',
      '5ddad73':
        'fails: MLE (the OOM killer) with a reported peak of ~1.3 MiB (kernel memory is charged to the container, not counted in total_rss + total_shmem), or IE when the OOM killer picks judge-runner',
      '5225e1d': 'passes',
    },
  },
  {
    id: 'mem-tmpfs-python',
    cls: 'memory',
    language: 'python',
    file: 'python/mem-tmpfs.py',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416': 'fails: MLE from the OOM killer at the container ceiling, but 9 MiB reported as the memory used',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'mem-tmpfs-go',
    cls: 'memory',
    language: 'go',
    file: 'go/mem-tmpfs.go',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416': 'fails: AC, 2.5 MiB reported: tmpfs pages are in no RSS; the Go container (compile-sized) has room',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'mem-child-rust',
    cls: 'memory',
    language: 'rust',
    file: 'rust/mem-child.rs',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'fails: AC, 19 MiB reported: only the main process RSS is checked', '5ddad73': 'passes' },
  },
  {
    id: 'mem-child-js',
    cls: 'memory',
    language: 'javascript',
    file: 'javascript/mem-child.js',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'mem-bomb',
    cls: 'memory',
    language: 'c',
    file: 'c/mem-bomb.c',
    input: 'none',
    expect: ['MLE'],
    checks: ['memory-over-limit'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'mem-bomb-java',
    cls: 'memory',
    language: 'java',
    file: 'java/MemBomb.java',
    input: 'none',
    expect: ['MLE'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'mem-virtual',
    cls: 'honest',
    language: 'c',
    file: 'c/mem-virtual.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  // ---- files built to survive the cleanup ----------------------------------------------------------------------
  {
    id: 'deep-chain',
    cls: 'cleanup',
    language: 'c',
    file: 'c/deep-chain.c',
    input: 'secret',
    hidden: true,
    time: 'heavy',
    expect: ['AC'],
    mustNotLeave: ['file', 'space', 'secret'],
    seen: {
      '365f416':
        'fails: the chain survives cleanup and RESET; the next probe in the same container times out walking it',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'deep-chain-shm',
    cls: 'cleanup',
    language: 'python',
    file: 'python/deep-chain.py',
    input: 'none',
    time: 'heavy',
    expect: ['AC'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416': 'fails: the chain survives in /dev/shm; the next probe in the same container times out walking it',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'many-files',
    cls: 'cleanup',
    language: 'c',
    file: 'c/many-files.c',
    input: 'limit',
    time: 'heavy',
    expect: ['AC'],
    mustNotLeave: ['file', 'space'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'hostile-names',
    cls: 'cleanup',
    language: 'python',
    file: 'python/hostile-names.py',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['file', 'space'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'chmod-000',
    cls: 'cleanup',
    language: 'c',
    file: 'c/chmod-000.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['file', 'space'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'special-files',
    cls: 'cleanup',
    language: 'c',
    file: 'c/special-files.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['file', 'ipc', 'process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'race-cleanup',
    cls: 'cleanup',
    language: 'c',
    file: 'c/race-cleanup.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process', 'file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'ipc-leftovers',
    cls: 'cleanup',
    language: 'c',
    file: 'c/ipc-leftovers.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['ipc', 'file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'disk-fill',
    cls: 'cleanup',
    language: 'python',
    file: 'python/disk-fill.py',
    input: 'none',
    memoryMb: 256,
    expect: ['AC'],
    mustNotLeave: ['file', 'space'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'leave-files',
    cls: 'cleanup',
    language: 'python',
    file: 'python/leave-files.py',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  // ---- hidden test data kept for later -------------------------------------------------------------------------
  {
    id: 'stash-hidden',
    cls: 'stash',
    language: 'c',
    file: 'c/stash-hidden.c',
    input: 'secret',
    hidden: true,
    time: 'heavy',
    expect: ['AC'],
    mustNotLeave: ['secret', 'file', 'ipc', 'process'],
    seen: {
      '365f416': 'fails: the deep chain with the hidden input survives; the next probe in the same container times out',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'stash-daemon',
    cls: 'stash',
    language: 'python',
    file: 'python/stash-daemon.py',
    input: 'secret',
    hidden: true,
    expect: ['AC'],
    mustNotLeave: ['secret', 'process', 'ipc', 'file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'cross-test-stash',
    cls: 'stash',
    language: 'bash',
    file: 'bash/cross-test-stash.sh',
    input: 'secret',
    tests: 3,
    answer: 'found none',
    expect: ['AC'],
    checks: ['found-none'],
    mustNotLeave: ['secret', 'file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  // ---- the judge's own answers leaking hidden data -------------------------------------------------------------
  {
    id: 'hidden-answer',
    cls: 'leak',
    language: 'python',
    file: 'python/hidden-answer.py',
    input: 'secret',
    hidden: true,
    answer: 'secret',
    expect: ['WA'],
    checks: ['message-quotes-nothing'],
    mustNotLeave: ['secret'],
    seen: {
      '365f416': 'fails: the exact checker message on a hidden test quotes the expected answer',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'checker-snoop',
    cls: 'leak',
    language: 'cpp',
    file: 'cpp/checker-snoop.cpp',
    input: 'secret',
    checker: { language: 'c', file: 'c/checker-accept.c' },
    expect: ['AC'],
    checks: ['no-checker-files'],
    mustNotLeave: ['file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  // ---- compilers made to produce or print too much -------------------------------------------------------------
  {
    id: 'big-static-c',
    cls: 'compile',
    language: 'c',
    file: 'c/big-static.c',
    input: 'none',
    expect: ['CE'],
    checks: ['too-large', 'judge-memory', 'cache-bounded'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416':
        'fails: MLE, not CE; the judge grows by ~340 MiB; a 126 MB cache entry; the container is then broken: the next honest probe in it is MLE (the runner keeps its 128+ MiB archive buffer and every fork inherits that RSS)',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'big-static-cpp',
    cls: 'compile',
    language: 'cpp',
    file: 'cpp/big-static.cpp',
    input: 'none',
    expect: ['CE'],
    checks: ['too-large', 'judge-memory', 'cache-bounded'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416':
        'fails: MLE, not CE; the judge grows by ~120 MiB; a 168 MB cache entry; the next probe in the same container is MLE',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'big-static-go',
    cls: 'compile',
    language: 'go',
    file: 'go/big-static.go',
    input: 'none',
    expect: ['CE'],
    checks: ['too-large', 'judge-memory', 'cache-bounded'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416': 'fails: MLE, not CE; a 127 MB cache entry; the next probe in the same container is MLE',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'incbin-c',
    cls: 'compile',
    language: 'c',
    file: 'c/incbin.c',
    input: 'none',
    expect: ['CE'],
    checks: ['too-large', 'judge-memory', 'cache-bounded'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416':
        'fails: compiles (a 100 MB executable), then MLE; the judge grows by ~240 MiB; a 100 MB cache entry; the next probe in the same container is MLE',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'big-static-rust',
    cls: 'compile',
    language: 'rust',
    file: 'rust/big-static.rs',
    input: 'none',
    expect: ['CE'],
    checks: ['too-large', 'judge-memory', 'cache-bounded'],
    mustNotLeave: ['file', 'space'],
    seen: {
      '365f416':
        'fails: compiles (a 121 MB executable), then MLE; a 122 MB cache entry; the next probe in the same container is MLE',
      '5ddad73':
        "fails: CE with an empty message: rustc dies of SIGXFSZ (the 64 MiB file size limit) without a word, and the judge looks for the reason in the compiler's output only",
      '5225e1d': 'passes',
    },
  },
  {
    id: 'template-bomb',
    cls: 'compile',
    language: 'cpp',
    file: 'cpp/template-bomb.cpp',
    input: 'none',
    expect: ['CE'],
    mustNotLeave: ['file', 'space'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'macro-bomb',
    cls: 'compile',
    language: 'rust',
    file: 'rust/macro-bomb.rs',
    input: 'none',
    expect: ['CE'],
    mustNotLeave: ['file', 'space'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'preprocessor-bomb',
    cls: 'compile',
    language: 'c',
    file: 'c/preprocessor-bomb.c',
    input: 'none',
    expect: ['CE'],
    mustNotLeave: ['file', 'space'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'compile-nul',
    cls: 'compile',
    language: 'c',
    file: 'c/compile-nul.c',
    input: 'none',
    expect: ['CE'],
    mustNotLeave: ['file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  // ---- output bytes and pipe tricks ----------------------------------------------------------------------------
  {
    id: 'bytes-all',
    cls: 'output',
    language: 'c',
    file: 'c/bytes-all.c',
    input: 'none',
    expect: ['AC'],
    checks: ['bytes'],
    mustNotLeave: ['process'],
    seen: {
      '365f416':
        'fails: bytes 128..255 come back as U+FFFD (UTF-8 decoding); through a node: IE "unsupported Unicode escape sequence"',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'bytes-echo',
    cls: 'output',
    language: 'python',
    file: 'python/bytes-echo.py',
    input: 'random-bytes',
    expect: ['AC'],
    checks: ['bytes'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'fails: invalid UTF-8 comes back as U+FFFD', '5ddad73': 'passes' },
  },
  {
    id: 'bytes-invalid-utf8',
    cls: 'output',
    language: 'javascript',
    file: 'javascript/bytes-invalid-utf8.js',
    input: 'none',
    expect: ['AC'],
    checks: ['bytes'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'fails: invalid UTF-8 comes back as U+FFFD', '5ddad73': 'passes' },
  },
  {
    id: 'checker-bytes',
    cls: 'output',
    language: 'python',
    file: 'python/hidden-answer.py',
    input: 'secret',
    checker: { language: 'c', file: 'c/checker-bytes.c' },
    expect: ['WA'],
    checks: ['message-bytes'],
    mustNotLeave: ['file'],
    seen: { '365f416': 'fails: bytes 128..255 of the checker message come back as U+FFFD', '5ddad73': 'passes' },
  },
  {
    id: 'protocol-injection',
    cls: 'output',
    language: 'python',
    file: 'python/protocol-injection.py',
    input: 'none',
    expect: ['RE'],
    exitCode: 3,
    checks: ['bytes'],
    mustNotLeave: ['process'],
    seen: {
      '365f416': 'passes in the engine; through a node: IE "unsupported Unicode escape sequence" (NUL bytes)',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'stdout-nonblocking',
    cls: 'output',
    language: 'c',
    file: 'c/stdout-nonblocking.c',
    input: 'none',
    answer: 'stdout-nonblocking',
    expect: ['AC'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'stdout-held-by-daemon',
    cls: 'output',
    language: 'c',
    file: 'c/stdout-held-by-daemon.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'pipe-fill-sleep',
    cls: 'output',
    language: 'python',
    file: 'python/pipe-fill-sleep.py',
    input: 'none',
    expect: ['TLE'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'close-stdout',
    cls: 'output',
    language: 'c',
    file: 'c/close-stdout.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'infinite-output',
    cls: 'output',
    language: 'python',
    file: 'python/infinite-output.py',
    input: 'none',
    outputKb: 64,
    expect: ['OLE'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'stderr-flood',
    cls: 'output',
    language: 'bash',
    file: 'bash/stderr-flood.sh',
    input: 'none',
    expect: ['OLE'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  // ---- kernel surface no submission needs (C, raw syscalls) ----------------------------------------------------
  ...(
    [
      ['io-uring', 'io_uring_setup'],
      ['vsock', 'socket(AF_VSOCK)'],
      ['ptrace', 'ptrace'],
      ['userfaultfd', 'userfaultfd'],
      ['perf-event', 'perf_event_open'],
      ['bpf', 'bpf'],
      ['keyctl', 'add_key, keyctl'],
      ['namespaces', 'unshare, clone, setns'],
      ['mount', 'mount, umount2'],
      ['process-vm', 'process_vm_readv/writev'],
      ['raw-sockets', 'AF_PACKET, SOCK_RAW'],
      ['af-alg', 'socket(AF_ALG)'],
      ['other-abis', 'the same through int $0x80 and x32'],
    ] as const
  ).map(
    ([name]): Entry => ({
      id: `surface-${name}`,
      cls: 'surface',
      language: 'c',
      file: `c/surface-${name}.c`,
      input: 'none',
      expect: ['AC'],
      checks: ['refused'],
      mustNotLeave: ['process'],
      seen: { '365f416': SURFACE_SEEN[name] ?? 'passes', '5ddad73': 'passes' },
    }),
  ),
  // ---- processes that outlive, hide or resist ------------------------------------------------------------------
  {
    id: 'fork-bomb',
    cls: 'process',
    language: 'c',
    file: 'c/fork-bomb.c',
    input: 'none',
    expect: ['TLE', 'RE'],
    mustNotLeave: ['process', 'host-process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'fork-bomb-bash',
    cls: 'process',
    language: 'bash',
    file: 'bash/fork-bomb.sh',
    input: 'none',
    expect: ['TLE'],
    mustNotLeave: ['process', 'host-process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'thread-bomb',
    cls: 'process',
    language: 'cpp',
    file: 'cpp/thread-bomb.cpp',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'thread-bomb-java',
    cls: 'process',
    language: 'java',
    file: 'java/ThreadBomb.java',
    input: 'none',
    // The JVM reports a thread it cannot start as an OutOfMemoryError, the pack's MLE pattern.
    expect: ['MLE', 'RE'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'orphan',
    cls: 'process',
    language: 'python',
    file: 'python/orphan.py',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process', 'file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'setsid-daemon',
    cls: 'process',
    language: 'go',
    file: 'go/setsid-daemon.go',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process', 'file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'signal-immune',
    cls: 'process',
    language: 'c',
    file: 'c/signal-immune.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'sigstop-self',
    cls: 'process',
    language: 'c',
    file: 'c/sigstop-self.c',
    input: 'none',
    expect: ['TLE'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'sleep',
    cls: 'process',
    language: 'python',
    file: 'python/sleep.py',
    input: 'none',
    expect: ['TLE'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'huge-argv',
    cls: 'process',
    language: 'c',
    file: 'c/huge-argv.c',
    input: 'none',
    expect: ['AC'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'inotify-hog',
    cls: 'process',
    language: 'python',
    file: 'python/inotify-hog.py',
    input: 'none',
    companion: {
      language: 'c',
      file: 'c/inotify-one.c',
      ready: /^holding [1-9]\d* inotify instances$/m,
      stdout: /^got an inotify instance$/m,
    },
    expect: ['TLE'],
    mustNotLeave: ['process'],
    seen: {
      '365f416':
        'fails: the program in another sandbox gets EMFILE at once: every sandbox is uid 65534 and shares its 128 inotify instances',
      '5ddad73': 'passes',
    },
  },
  {
    id: 'oom-runner',
    cls: 'process',
    language: 'c',
    file: 'c/oom-runner.c',
    input: 'memory',
    time: 'roomy',
    expect: ['MLE'],
    mustNotLeave: ['process', 'host-process'],
    seen: {
      '365f416':
        'fails: TLE: the hoard fits in the compile-sized C container and the program then waits for the wall clock',
      '5ddad73':
        'fails: IE "sandbox exited" after 3 attempts: the OOM killer picks judge-runner (the largest process once it holds 1000 KiB of output) in every new sandbox',
      '5225e1d': 'passes',
    },
  },
  {
    id: 'writable-places',
    cls: 'privilege',
    language: 'bash',
    file: 'bash/writable-places.sh',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  // ---- more rights than the sandbox gives ----------------------------------------------------------------------
  {
    id: 'kill-runner',
    cls: 'privilege',
    language: 'c',
    file: 'c/kill-runner.c',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'proc-snoop',
    cls: 'privilege',
    language: 'python',
    file: 'python/proc-snoop.py',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'box-write',
    cls: 'privilege',
    language: 'bash',
    file: 'bash/box-write.sh',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'rlimit-raise',
    cls: 'privilege',
    language: 'c',
    file: 'c/rlimit-raise.c',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'priority',
    cls: 'privilege',
    language: 'c',
    file: 'c/priority.c',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'setuid-search',
    cls: 'privilege',
    language: 'bash',
    file: 'bash/setuid-search.sh',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['file'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'sys-proc-write',
    cls: 'privilege',
    language: 'bash',
    file: 'bash/sys-proc-write.sh',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'network',
    cls: 'privilege',
    language: 'python',
    file: 'python/network.py',
    input: 'none',
    expect: ['AC'],
    checks: ['refused'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'passes', '5ddad73': 'passes' },
  },
  {
    id: 'identity',
    cls: 'privilege',
    language: 'python',
    file: 'python/identity.py',
    input: 'none',
    expect: ['AC'],
    checks: ['refused', 'pack-environment'],
    mustNotLeave: ['process'],
    seen: { '365f416': 'fails: runs as nobody, an account every sandbox shares', '5ddad73': 'passes' },
  },
];
