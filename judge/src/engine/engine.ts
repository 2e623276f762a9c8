import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  DEFAULT_LIMITS,
  type Interactor,
  type LanguagePack,
  outputAsText,
  type ResolvedLimits,
  safeText,
} from '@judge/contract';
import type Docker from 'dockerode';
import { type CompileCache, compileKey, DiskCompileCache } from '../cache/compile-cache.js';
import { check } from '../checkers/index.js';
import { lazySourceCheck } from '../exec/check.js';
import { prepareProgram } from '../exec/compile.js';
import type { InteractorCommand } from '../exec/interact-run.js';
import {
  compileMemoryMb,
  expand,
  INTERACTOR_MEMORY_MB,
  MAX_PROGRAM_BYTES,
  runMemoryMb,
  runSpec,
  sandboxPids,
} from '../exec/spec.js';
import type { OutputCheck } from '../exec/test-run.js';
import {
  type BuildProgress,
  ImageBuilder,
  imageExists,
  type LoadedPack,
  loadPacks,
  type PackError,
  PackRegistry,
} from '../languages/index.js';
import type {
  EngineStage,
  EngineTimings,
  JudgeEvents,
  JudgeOutcome,
  JudgeRequest,
  PreparedTest,
} from '../model/index.js';
import { overallVerdict, pipelines, score } from '../pipeline/index.js';
import {
  connectDocker,
  DockerUnavailableError,
  ImageMissingError,
  reapOrphans,
  type Sandbox,
  SandboxError,
  type SandboxOptions,
  SandboxPool,
} from '../sandbox/index.js';

const utf8 = new TextEncoder();

/** Limits a custom checker runs under. */
const CHECKER_LIMITS: ResolvedLimits = { timeMs: 10_000, memoryMb: 512, outputKb: 64 };
/** Bytes of a custom checker's message kept. */
const CHECKER_MESSAGE_BYTES = 500;
const MiB = 1024 * 1024;

/**
 * The pack an interactor is compiled with: its own, linked statically, since
 * the interactor runs in the contestant's sandbox, whatever image that is.
 * The flag is part of the compile command, and so of the compile cache's key.
 */
export function staticPack(pack: LanguagePack): LanguagePack {
  if (!pack.compile) throw new Error(`an interactor in ${pack.id} cannot be linked statically: it is not compiled`);
  return { ...pack, compile: { ...pack.compile, command: [...pack.compile.command, '-static'] } };
}

async function collect(archive: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (archive instanceof Uint8Array) return archive;
  const chunks: Uint8Array[] = [];
  for await (const c of archive) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Times a submission is judged when sandboxes or Docker fail under it. */
export const INFRA_ATTEMPTS = 3;

/** A sandbox died, Docker went away or answered with an error: not the program's doing, worth judging again. */
export function isInfrastructureFailure(e: unknown): boolean {
  return e instanceof SandboxError || e instanceof DockerUnavailableError;
}

/** An interactive problem's: the interactor judges, nothing compares output. */
const noOutputCheck: OutputCheck = async () => ({ ok: true });

function internalError(e: unknown): JudgeOutcome {
  const error = safeText(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  return { verdict: 'IE', score: 0, tests: [], timeMs: 0, memoryKb: 0, error };
}

/** The bytes without surrounding ASCII whitespace, cut at `max`. */
function trimmed(bytes: Uint8Array, max: number): Uint8Array {
  const space = (b: number) => b === 32 || (b >= 9 && b <= 13);
  let start = 0;
  let end = bytes.length;
  while (start < end && space(bytes[start]!)) start++;
  while (end > start && space(bytes[end - 1]!)) end--;
  return bytes.subarray(start, Math.min(end, start + max));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

export interface EngineOptions {
  /** The `languages/` directory with the packs and the base image. */
  languagesDir: string;
  /** Submissions judged at the same time. @defaultValue 2 */
  slots?: number;
  /** Where compiled programs are cached; `false` for no cache. @defaultValue ~/.cache/judge/compile */
  cacheDir?: string | false;
  /** A Docker client; one is connected when absent. */
  docker?: Docker;
  /** Create a sandbox ahead of need for every pack whose image is built. @defaultValue false */
  warm?: boolean;
  /** CPUs a compilation may use (programs get one). @defaultValue the machine's cores */
  compileCpus?: number;
}

/**
 * The judging engine: language packs, their images, warm sandboxes and the
 * compile cache. `judge()` takes a resolved request and never throws: a
 * failure of the judge itself is verdict IE.
 */
export class Engine {
  readonly registry: PackRegistry;
  readonly images: ImageBuilder;
  private readonly pool: SandboxPool;
  private readonly cache: CompileCache | undefined;
  private readonly tags = new Map<string, string>();
  private active = 0;
  private waiting: (() => void)[] = [];
  private readonly compileCpus: number;

  private constructor(
    readonly docker: Docker,
    readonly packErrors: PackError[],
    packs: LoadedPack[],
    private readonly opts: EngineOptions,
  ) {
    this.registry = new PackRegistry(packs);
    this.images = new ImageBuilder(docker, opts.languagesDir);
    this.pool = new SandboxPool(docker, { maxIdlePerImage: Math.max(2, opts.slots ?? 2) });
    this.compileCpus = opts.compileCpus ?? availableParallelism();
    const cacheDir = opts.cacheDir ?? join(homedir(), '.cache', 'judge', 'compile');
    this.cache = cacheDir === false ? undefined : new DiskCompileCache(cacheDir);
  }

  static async create(opts: EngineOptions): Promise<Engine> {
    const docker = opts.docker ?? (await connectDocker());
    const { packs, errors } = await loadPacks(opts.languagesDir);
    const engine = new Engine(docker, errors, packs, opts);
    await reapOrphans(docker).catch(() => 0);
    if (opts.warm) await engine.warm();
    return engine;
  }

  packs(): LanguagePack[] {
    return this.registry.packs.map((p) => p.pack);
  }

  resolveLanguage(idOrAlias: string): LanguagePack | undefined {
    return this.registry.find(idOrAlias)?.pack;
  }

  /** The image of a language, which must be built. */
  async imageFor(language: string): Promise<string> {
    const loaded = this.registry.get(language);
    const known = this.tags.get(loaded.pack.id);
    if (known) return known;
    const tag = await this.images.tagFor(loaded);
    if (!(await imageExists(this.docker, tag))) throw new ImageMissingError(tag, loaded.pack.id);
    this.tags.set(loaded.pack.id, tag);
    return tag;
  }

  /** Builds the language's image when it is missing. */
  async ensureImage(
    language: string,
    onProgress?: BuildProgress,
    force = false,
  ): Promise<{ tag: string; built: boolean }> {
    const loaded = this.registry.get(language);
    const out = await this.images.ensure(loaded, onProgress, { force });
    this.tags.set(loaded.pack.id, out.tag);
    return out;
  }

  /** One idle sandbox for each pack whose image is built. */
  async warm(): Promise<void> {
    for (const { pack } of this.registry.packs) {
      const image = await this.imageFor(pack.id).catch(() => undefined);
      if (image) await this.pool.warm(this.sandboxOptions(pack, image, DEFAULT_LIMITS), 1);
    }
  }

  /**
   * Judges a submission. Never throws: a failure of the judge itself is
   * verdict IE. A sandbox or Docker failure (a container killed from outside,
   * dockerd restarting) is not the program's doing: the submission is judged
   * again from the start in a fresh sandbox, up to {@link INFRA_ATTEMPTS} times.
   */
  async judge(req: JudgeRequest, events: JudgeEvents = {}, signal?: AbortSignal): Promise<JudgeOutcome> {
    await this.acquireSlot();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.judgeOnce(req, events, signal);
        } catch (e) {
          if (!isInfrastructureFailure(e) || attempt >= INFRA_ATTEMPTS || signal?.aborted) {
            return {
              ...internalError(e),
              limits: req.limits,
              ...(req.calibration ? { calibration: req.calibration } : {}),
            };
          }
          this.onInfrastructureFailure?.(e as Error, attempt);
          await this.dockerBack(attempt, signal);
        }
      }
    } finally {
      this.releaseSlot();
    }
  }

  /** Called when a submission is judged again after a sandbox or Docker failure (for logs and metrics). */
  onInfrastructureFailure: ((error: Error, attempt: number) => void) | undefined;

  private async judgeOnce(req: JudgeRequest, events: JudgeEvents, signal?: AbortSignal): Promise<JudgeOutcome> {
    const held: Sandbox[] = [];
    const timings: EngineTimings = { memory: 0, check: 0 };
    const outcome: JudgeOutcome = {
      verdict: 'IE',
      score: 0,
      tests: [],
      timeMs: 0,
      memoryKb: 0,
      limits: req.limits,
    };
    if (req.calibration) outcome.calibration = req.calibration;
    let mark = performance.now();
    /** The time since the last lap, less what `memory` and `check` took meanwhile (they are counted apart). */
    const lap = (stage: EngineStage, apart = 0) => {
      const now = performance.now();
      timings[stage] = (timings[stage] ?? 0) + now - mark - apart;
      mark = now;
    };
    try {
      const pack = this.registry.get(req.language).pack;
      const image = await this.imageFor(pack.id);
      const largestInput = Math.max(0, ...req.tests.map((t) => t.input.length));
      const sandbox = await this.pool.acquire(this.sandboxOptions(pack, image, req.limits));
      held.push(sandbox);
      lap('acquire');
      const setResources = async (mb: number, cpus?: number) => {
        const start = performance.now();
        try {
          await sandbox.setResources(mb, cpus);
        } finally {
          timings.memory = (timings.memory ?? 0) + performance.now() - start;
        }
      };
      if (pack.compile) events.onStatus?.('compiling');
      const source = { main: req.source, files: req.files, compilerOptions: req.compilerOptions };
      const program = await prepareProgram(sandbox, pack, image, source, this.cache, () =>
        setResources(compileMemoryMb(pack), this.compileCpus),
      );
      if (program.compile) {
        outcome.compile = program.compile;
        events.onCompiled?.(program.compile);
      }
      if (!program.ok) {
        lap('compile', timings.memory);
        outcome.verdict = 'CE';
        return outcome;
      }
      let interactor: InteractorCommand | undefined;
      let interactorMb = 0;
      if (req.interactor) {
        const prepared = await this.prepareInteractor(req.interactor, held);
        await sandbox.importWork(prepared.archive, prepared.archive.length, 'judge');
        interactor = prepared.command;
        interactorMb = INTERACTOR_MEMORY_MB + Math.ceil(prepared.archive.length / MiB);
      }
      // From here on the container holds what one run may use (and an interactor's), not what the compiler needed.
      await setResources(runMemoryMb(pack, req.limits, program.programBytes + largestInput) + interactorMb);
      const checkOutput: OutputCheck = interactor ? noOutputCheck : await this.outputCheck(req, held);
      lap('compile', timings.memory);
      const check: OutputCheck = async (test, stdout) => {
        const start = performance.now();
        try {
          return await checkOutput(test, stdout);
        } finally {
          timings.check = (timings.check ?? 0) + performance.now() - start;
        }
      };
      events.onStatus?.('running');
      const pipeline = pipelines[interactor ? 'interactive' : 'standard']!;
      // A plain run shows its stderr (the interpreter's own complaint) and keeps its exit code, as Piston's and
      // Judge0's runs do: the check step is for judging against tests.
      const sourceCheck = req.plainRun ? undefined : lazySourceCheck(sandbox, pack);
      const { tests, compileError } = await pipeline(
        { sandbox, pack, check, interactor, sourceCheck, signal },
        req,
        events,
      );
      lap('run', timings.check);
      if (compileError) {
        outcome.compile = compileError;
        events.onCompiled?.(compileError);
        outcome.verdict = 'CE';
        return outcome;
      }
      const scored = score(
        tests,
        req.tests.map((t) => t.name),
        req.subtasks,
      );
      outcome.tests = tests;
      outcome.verdict = overallVerdict(tests);
      outcome.score = scored.score;
      if (scored.subtasks) outcome.subtasks = scored.subtasks;
      outcome.timeMs = Math.max(0, ...tests.map((t) => t.timeMs));
      outcome.memoryKb = Math.max(0, ...tests.map((t) => t.memoryKb));
      return outcome;
    } finally {
      events.onTimings?.(timings);
      // The sandboxes are reset for the next submission after the verdict is out, not before: the pool's next
      // acquire of the same image waits for a reset under way.
      for (const s of held) void this.pool.release(s);
    }
  }

  /** Waits (with backoff) until the Docker engine answers again, at most a minute. */
  private async dockerBack(attempt: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + 60_000;
    await sleep(500 * attempt, signal);
    while (!signal?.aborted && Date.now() < deadline) {
      if (
        await this.docker.ping().then(
          () => true,
          () => false,
        )
      )
        return;
      await sleep(1000, signal);
    }
  }

  /** Judges the pack's own hello program in the real sandbox. */
  selfTest(language: string): Promise<JudgeOutcome> {
    const { pack } = this.registry.get(language);
    const t = pack.selfTest;
    return this.judge({
      language: pack.id,
      source: t.source,
      tests: [{ name: '1', input: utf8.encode(t.stdin), output: utf8.encode(t.expected), sample: true }],
      limits: DEFAULT_LIMITS,
      checker: { type: 'exact' },
      plainRun: false,
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * An interactor compiled statically (in a sandbox of the checker role,
   * which a contestant's program never gets), or taken from the compile
   * cache: the archive of its work directory, to import into the program's
   * sandbox, and its command line there.
   */
  private async prepareInteractor(
    interactor: Interactor,
    held: Sandbox[],
  ): Promise<{ archive: Uint8Array; command: InteractorCommand }> {
    const pack = staticPack(this.registry.get(interactor.language).pack);
    const image = await this.imageFor(pack.id);
    const command = { argv: expand(pack.run.command, { source: pack.source }), env: pack.env };
    // The compiler quotes the interactor's source: a contestant sees this, so a little of it only.
    const broken = (output: string) => new Error(`the interactor does not compile:\n${output.slice(0, 1000)}`);
    const hit = await this.cache?.get(compileKey(pack, image, interactor.source));
    if (hit && hit.exitCode === 0 && hit.size > 0) return { archive: await collect(hit.archive()), command };
    if (hit && hit.exitCode !== 0) throw broken(outputAsText(hit.output, hit.encoding));
    const sandbox = await this.pool.acquire({ ...this.sandboxOptions(pack, image, CHECKER_LIMITS), role: 'checker' });
    held.push(sandbox);
    const prepared = await prepareProgram(sandbox, pack, image, interactor.source, this.cache, () =>
      sandbox.setResources(compileMemoryMb(pack), this.compileCpus),
    );
    if (!prepared.ok) {
      throw broken(prepared.compile ? outputAsText(prepared.compile.output, prepared.compile.encoding) : '');
    }
    const chunks: Buffer[] = [];
    await sandbox.exportWork(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      }),
      MAX_PROGRAM_BYTES,
    );
    return { archive: Buffer.concat(chunks), command };
  }

  /**
   * The checker as a function. A custom one is compiled once per submission
   * in a sandbox of its own role, which a contestant's program never gets.
   */
  private async outputCheck(req: JudgeRequest, held: Sandbox[]): Promise<OutputCheck> {
    const checker = req.checker;
    if (checker.type !== 'custom') {
      return async (test, stdout) => check(checker, test.output ?? new Uint8Array(), stdout);
    }
    const pack = this.registry.get(checker.language).pack;
    const image = await this.imageFor(pack.id);
    const sandbox = await this.pool.acquire({ ...this.sandboxOptions(pack, image, CHECKER_LIMITS), role: 'checker' });
    held.push(sandbox);
    const prepared = await prepareProgram(sandbox, pack, image, checker.source, this.cache, () =>
      sandbox.setResources(compileMemoryMb(pack), this.compileCpus),
    );
    if (!prepared.ok) {
      const said = prepared.compile ? outputAsText(prepared.compile.output, prepared.compile.encoding) : '';
      throw new Error(`the custom checker does not compile:\n${said}`);
    }
    // The checker's three files (input, output, answer) live in its tmpfs too.
    const largest = Math.max(0, ...req.tests.map((t) => t.input.length + 2 * (t.output?.length ?? 0)));
    await sandbox.setResources(
      runMemoryMb(pack, CHECKER_LIMITS, prepared.programBytes + largest + req.limits.outputKb * 1024),
    );
    return async (test: PreparedTest, stdout: Uint8Array) => {
      await sandbox.put('in', 'input', test.input);
      await sandbox.put('in', 'output', stdout);
      await sandbox.put('in', 'answer', test.output ?? new Uint8Array());
      const spec = runSpec(pack, CHECKER_LIMITS, undefined);
      spec.argv.push('/box/in/input', '/box/in/output', '/box/in/answer');
      const u = await sandbox.run(spec);
      const said = trimmed(u.stdout, CHECKER_MESSAGE_BYTES);
      const message = said.length > 0 ? said : undefined;
      if (u.exitCode === 0) return { ok: true, message };
      if (u.exitCode === 1) return { ok: false, message };
      const why = u.cpuTimedOut || u.wallTimedOut ? 'timed out' : `exited with ${u.exitCode ?? `signal ${u.signal}`}`;
      throw new Error(`the custom checker ${why}: ${safeText(u.stderr.subarray(0, 500))}`);
    };
  }

  private sandboxOptions(pack: LanguagePack, image: string, limits: ResolvedLimits): SandboxOptions {
    return {
      image,
      // A compiled language's sandbox starts ready to compile.
      memoryMb: pack.compile ? compileMemoryMb(pack) : runMemoryMb(pack, limits),
      cpus: pack.compile ? this.compileCpus : 1,
      pids: sandboxPids(pack),
    };
  }

  private async acquireSlot(): Promise<void> {
    const slots = this.opts.slots ?? 2;
    if (this.active < slots) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
