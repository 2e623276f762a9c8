// The baseline of the node benchmark ("bare"): the same submissions compiled, run and checked with each pack's own
// toolchain, its image unpacked and entered with chroot: the same binaries, no sandbox, no limits, no queue.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguagePack, ResolvedLimits } from '@judge/contract';
import { check } from '../checkers/index.js';
import { compileSpec, runSpec } from '../exec/spec.js';
import type { Item } from './workload.js';

const utf8 = new TextEncoder();

/** Where unpacked images are kept between runs of the benchmark. */
const ROOTFS_CACHE = '/var/tmp/judge-bench-rootfs';

/** A pack's image unpacked into a directory, with /proc and /dev mounted: its toolchain, runnable by chroot. */
export function unpackImage(image: string): string {
  const dir = join(ROOTFS_CACHE, image.replace(/[^A-Za-z0-9_.-]/g, '_'));
  if (!existsSync(join(dir, '.unpacked'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const sh = (cmd: string) => {
      const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`unpacking ${image}: ${cmd}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const id = sh(`docker create ${image}`);
    try {
      sh(`docker export ${id} | tar -x -C ${dir}`);
    } finally {
      sh(`docker rm ${id}`);
    }
    writeFileSync(join(dir, '.unpacked'), image);
  }
  for (const [what, args] of [
    ['proc', ['-t', 'proc', 'proc', join(dir, 'proc')]],
    ['dev', ['--bind', '/dev', join(dir, 'dev')]],
  ] as const) {
    if (spawnSync('mountpoint', ['-q', join(dir, what)]).status !== 0) spawnSync('mount', [...args]);
  }
  return dir;
}

function unmountImage(dir: string): void {
  for (const what of ['proc', 'dev']) spawnSync('umount', ['-l', join(dir, what)]);
}

/** Runs a command inside an unpacked image (chroot, cwd there) with the pack's environment, nothing else. */
function inImage(
  root: string,
  argv: string[],
  cwd: string,
  input: Uint8Array,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/sbin/chroot', [root, '/usr/bin/env', '-C', cwd, ...argv], {
      env: { PATH: '/usr/bin:/bin', HOME: '/tmp', ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out) }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** The same submission with no sandbox and no queue: the pack's own commands and toolchain, entered by chroot. */
export class Bare {
  private compiled = new Map<string, string>();
  private dirs: string[] = [];

  constructor(
    private readonly packs: Map<string, LanguagePack>,
    private readonly roots: Map<string, string>,
    private readonly limits: ResolvedLimits,
  ) {}

  /**
   * Compiles (once per language with `reuseCompiled`, as a compile cache
   * would) and runs each test, checking the answer like the node's checker.
   */
  async judge(item: Item, reuseCompiled: boolean): Promise<void> {
    const pack = this.packs.get(item.language);
    const root = this.roots.get(item.language);
    if (!pack || !root) throw new Error(`bare: no ${item.language} toolchain unpacked`);
    let dir = reuseCompiled ? this.compiled.get(item.language) : undefined;
    if (!dir) {
      const full = mkdtempSync(join(root, 'tmp', 'judge-bench-bare-'));
      dir = full.slice(root.length);
      this.dirs.push(full);
      writeFileSync(join(full, pack.source), item.source);
      if (pack.compile) {
        const c = await inImage(root, compileSpec(pack).argv, dir, new Uint8Array(), pack.env);
        if (c.code !== 0) throw new Error(`bare ${item.language}: the compiler failed`);
      }
      if (reuseCompiled) this.compiled.set(item.language, dir);
    }
    for (const t of item.tests) {
      const r = await inImage(root, runSpec(pack, this.limits, undefined).argv, dir, utf8.encode(t.input), pack.env);
      if (!check({ type: 'tokens' }, utf8.encode(t.output), r.stdout).ok) {
        throw new Error(`bare ${item.language}: wrong answer`);
      }
    }
  }

  close(): void {
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
    for (const root of new Set(this.roots.values())) unmountImage(root);
  }
}
