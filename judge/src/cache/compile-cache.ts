import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LanguagePack } from '@judge/contract';

/** A compilation's outcome: its exit, its output, and the work directory it left. */
export interface CompiledArtifact {
  exitCode: number | null;
  output: string;
  timeMs: number;
  /** judge-runner's archive of /box/work (empty when compilation failed). */
  archive: Uint8Array;
}

export interface CompileCache {
  get(key: string): Promise<CompiledArtifact | undefined>;
  set(key: string, value: CompiledArtifact): Promise<void>;
}

/** Keyed by pack, its revision and image, the compile command and the source. */
export function compileKey(pack: LanguagePack, imageTag: string, source: string): string {
  return createHash('sha256')
    .update(JSON.stringify([pack.id, pack.revision, imageTag, pack.compile?.command ?? [], pack.source]))
    .update('\0')
    .update(source)
    .digest('hex');
}

/**
 * Compiled artifacts on disk (shared by every process on the machine), with
 * the most recent ones in memory. Bounded: past `maxBytes` the least
 * recently used files go.
 */
export class DiskCompileCache implements CompileCache {
  private memory = new Map<string, CompiledArtifact>();
  private memoryBytes = 0;
  private ready: Promise<void>;
  /** Bytes on disk as last counted plus what was written since; a scan runs only past the bound. */
  private diskBytes: number | undefined;

  constructor(
    private readonly dir: string,
    private readonly maxBytes = 512 * 1024 * 1024,
    private readonly maxMemoryBytes = 64 * 1024 * 1024,
  ) {
    this.ready = mkdir(dir, { recursive: true }).then(() => {});
  }

  async get(key: string): Promise<CompiledArtifact | undefined> {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    await this.ready;
    const file = join(this.dir, key);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return undefined;
    }
    const nl = data.indexOf(10);
    if (nl < 0) return undefined;
    try {
      const head = JSON.parse(data.subarray(0, nl).toString('utf8')) as Omit<CompiledArtifact, 'archive'>;
      const value = { ...head, archive: data.subarray(nl + 1) };
      const now = new Date();
      await utimes(file, now, now).catch(() => {});
      this.remember(key, value);
      return value;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: CompiledArtifact): Promise<void> {
    this.remember(key, value);
    await this.ready;
    const head = JSON.stringify({ exitCode: value.exitCode, output: value.output, timeMs: value.timeMs });
    const tmp = join(this.dir, `.${randomUUID()}.tmp`);
    const bytes = Buffer.concat([Buffer.from(`${head}\n`), value.archive]);
    await writeFile(tmp, bytes);
    await rename(tmp, join(this.dir, key));
    if (this.diskBytes !== undefined) this.diskBytes += bytes.length;
    if (this.diskBytes === undefined || this.diskBytes > this.maxBytes) await this.evict();
  }

  private remember(key: string, value: CompiledArtifact): void {
    const size = value.archive.length + value.output.length;
    if (size > this.maxMemoryBytes / 4) return;
    this.memory.set(key, value);
    this.memoryBytes += size;
    for (const [k, v] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.memory.delete(k);
      this.memoryBytes -= v.archive.length + v.output.length;
    }
  }

  private async evict(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => !n.startsWith('.'));
    const files = await Promise.all(
      names.map(async (n) => {
        const s = await stat(join(this.dir, n)).catch(() => undefined);
        return { n, size: s?.size ?? 0, mtime: s?.mtimeMs ?? 0 };
      }),
    );
    let total = files.reduce((s, f) => s + f.size, 0);
    files.sort((a, b) => a.mtime - b.mtime);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      await unlink(join(this.dir, f.n)).catch(() => {});
      total -= f.size;
    }
    this.diskBytes = total;
  }
}
