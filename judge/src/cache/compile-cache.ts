import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { LanguagePack, OutputEncoding } from '@judge/contract';

/** A compilation's outcome as shown to the user. */
export interface CompileMeta {
  exitCode: number | null;
  output: string;
  encoding?: OutputEncoding;
  timeMs: number;
}

/** A cached compilation: its outcome and the archive of the work directory it left. */
export interface CachedProgram extends CompileMeta {
  /** Bytes of the archive (0 when compilation failed). */
  size: number;
  /** The archive: in memory when small, streamed from disk otherwise (never held whole). */
  archive(): Uint8Array | AsyncIterable<Uint8Array>;
}

/** Streams a work directory's archive into the sink; resolves with its size. */
export type ArchiveWriter = (sink: Writable) => Promise<number>;

export interface CompileCache {
  /** Largest archive stored; the sandbox is asked to refuse a larger export before sending a byte. */
  readonly maxEntryBytes: number;
  get(key: string): Promise<CachedProgram | undefined>;
  /** Stores an outcome and, for a success, its archive; false when the archive is over the cap (not stored). */
  set(key: string, meta: CompileMeta, archive?: ArchiveWriter): Promise<boolean>;
}

/** What a compilation is made of besides the pack: the main source, the other files, the compiler options. */
export interface ProgramSource {
  main: string | Uint8Array;
  files?: { name: string; content: Uint8Array }[];
  compilerOptions?: string[];
}

/** Keyed by pack, its revision and image, the compile command, the options and every file of the program. */
export function compileKey(pack: LanguagePack, imageTag: string, source: string | Uint8Array | ProgramSource): string {
  const program = typeof source === 'string' || source instanceof Uint8Array ? { main: source } : source;
  const h = createHash('sha256')
    .update(JSON.stringify([pack.id, pack.revision, imageTag, pack.compile?.command ?? [], pack.source]))
    .update('\0')
    .update(program.main);
  // Length-prefixed, so that no two programs hash the same bytes; nothing is added for a lone source.
  if (program.compilerOptions?.length) h.update(`\0options ${JSON.stringify(program.compilerOptions)}`);
  for (const f of program.files ?? []) h.update(`\0file ${f.name} ${f.content.length}\0`).update(f.content);
  return h.digest('hex');
}

const MiB = 1024 * 1024;

export interface DiskCacheOptions {
  /** Bytes on disk before the least recently used entries go. @defaultValue 512 MiB */
  maxBytes?: number;
  /** Largest archive stored: past it `set` refuses, so no one build evicts everyone else's. @defaultValue maxBytes / 8 */
  maxEntryBytes?: number;
  /** Archives up to this size are also kept in memory. @defaultValue 1 MiB */
  memoryEntryBytes?: number;
  /** Bytes of archives kept in memory. @defaultValue 64 MiB */
  maxMemoryBytes?: number;
}

/**
 * Compiled programs on disk (shared by every process on the machine), small
 * ones also in memory. Each file is a JSON line of the outcome, then the
 * archive. Bounded: past `maxBytes` the least recently used files go.
 */
export class DiskCompileCache implements CompileCache {
  private memory = new Map<string, { meta: CompileMeta; bytes: Uint8Array }>();
  private memoryBytes = 0;
  private ready: Promise<void>;
  /** Bytes on disk as last counted plus what was written since; a scan runs only past the bound. */
  private diskBytes: number | undefined;
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  private readonly memoryEntryBytes: number;
  private readonly maxMemoryBytes: number;

  constructor(
    private readonly dir: string,
    opts: DiskCacheOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 512 * MiB;
    this.maxEntryBytes = opts.maxEntryBytes ?? Math.floor(this.maxBytes / 8);
    this.memoryEntryBytes = opts.memoryEntryBytes ?? MiB;
    this.maxMemoryBytes = opts.maxMemoryBytes ?? 64 * MiB;
    this.ready = mkdir(dir, { recursive: true }).then(() => {});
  }

  async get(key: string): Promise<CachedProgram | undefined> {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      return program(hit.meta, hit.bytes.length, () => hit.bytes);
    }
    await this.ready;
    const file = join(this.dir, key);
    const head = await readHead(file);
    if (!head) return undefined;
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    if (head.size <= this.memoryEntryBytes) {
      const bytes = (await readFile(file).catch(() => undefined))?.subarray(head.offset);
      if (!bytes || bytes.length !== head.size) return undefined;
      this.remember(key, head.meta, bytes);
      return program(head.meta, bytes.length, () => bytes);
    }
    return program(head.meta, head.size, () => createReadStream(file, { start: head.offset }));
  }

  async set(key: string, meta: CompileMeta, archive?: ArchiveWriter): Promise<boolean> {
    await this.ready;
    const head = JSON.stringify({
      exitCode: meta.exitCode,
      output: meta.output,
      encoding: meta.encoding,
      timeMs: meta.timeMs,
    });
    const tmp = join(this.dir, `.${randomUUID()}.tmp`);
    const out = (await open(tmp, 'w')).createWriteStream();
    try {
      out.write(`${head}\n`);
      if (archive) await archive(out);
      out.end();
      await finished(out);
    } catch (e) {
      out.destroy();
      await finished(out).catch(() => {});
      await unlink(tmp).catch(() => {});
      throw e;
    }
    const size = (await stat(tmp)).size;
    if (size - Buffer.byteLength(head) - 1 > this.maxEntryBytes) {
      await unlink(tmp).catch(() => {});
      return false;
    }
    await rename(tmp, join(this.dir, key));
    if (this.diskBytes !== undefined) this.diskBytes += size;
    if (this.diskBytes === undefined || this.diskBytes > this.maxBytes) await this.evict();
    return true;
  }

  private remember(key: string, meta: CompileMeta, bytes: Uint8Array): void {
    this.memory.set(key, { meta, bytes });
    this.memoryBytes += bytes.length;
    for (const [k, v] of this.memory) {
      if (this.memoryBytes <= this.maxMemoryBytes) break;
      this.memory.delete(k);
      this.memoryBytes -= v.bytes.length;
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
      this.memory.delete(f.n);
      total -= f.size;
    }
    this.diskBytes = total;
  }
}

function program(meta: CompileMeta, size: number, archive: CachedProgram['archive']): CachedProgram {
  return { ...meta, size, archive };
}

/** The outcome line of a cache file, where its archive starts, and the archive's size. */
async function readHead(file: string): Promise<{ meta: CompileMeta; offset: number; size: number } | undefined> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(file, 'r');
    const { size } = await fh.stat();
    // The outcome line holds at most the compiler output (64 KiB, as base64 at worst) and a few fields.
    const buf = Buffer.alloc(Math.min(size, 128 * 1024));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    if (nl < 0) return undefined;
    const meta = JSON.parse(buf.subarray(0, nl).toString('utf8')) as CompileMeta;
    return { meta, offset: nl + 1, size: size - nl - 1 };
  } catch {
    return undefined;
  } finally {
    await fh?.close();
  }
}
