// `judge calibrate`: how fast this machine runs the reference workload (a speed factor per language, which scales
// time limits stated for the reference machine), and how many submissions it judges best at once (the worker slots
// of `--workers auto`). Measured once and cached, keyed by what the figures depend on.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, homedir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { type Calibration, CalibrationSchema } from '@judge/contract';
import { z } from 'zod';
import type { Engine } from '../engine/index.js';
import type { JudgeRequest } from '../model/index.js';
import { primesUpTo, REFERENCE_PROGRAMS, REFERENCE_VERSION, type ReferenceProgram } from './reference.js';

const utf8 = new TextEncoder();

/** Judged submissions per second at each number of submissions at once, and the best choice. */
export const ConcurrencySchema = z.object({
  cores: z.number().int().positive(),
  sweep: z.array(z.object({ slots: z.number().int().positive(), perSecond: z.number() })),
  /** The fewest slots within 5% of the most submissions per second. */
  slots: z.number().int().positive(),
  slotsPerCore: z.number().positive(),
});
export type Concurrency = z.infer<typeof ConcurrencySchema>;

/** A machine's calibration as cached: the contract's view, the raw figures, and what they depend on. */
export const MachineCalibrationSchema = CalibrationSchema.extend({
  /** A hash of the CPU, the cores, the memory, the language images and the reference version. */
  fingerprint: z.string(),
  machine: z.object({ cpu: z.string(), cores: z.number().int(), memoryMb: z.number().int() }),
  /** Each language's reference program: its least CPU time here, ms. */
  cpuMs: z.record(z.string(), z.number()),
  concurrency: ConcurrencySchema.optional(),
});
export type MachineCalibration = z.infer<typeof MachineCalibrationSchema>;

/** The part of a calibration that `/health` and results show. */
export function publicCalibration(c: MachineCalibration): Calibration {
  return { factor: c.factor, languages: c.languages, measuredAt: c.measuredAt, reference: c.reference };
}

/** Where a machine's calibration is kept unless told otherwise: one per machine, every node and the CLI share it. */
export function defaultCalibrationFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'judge', 'calibration.json');
}

/** The cores this process may use (a container's CPU limit included). */
export function coreCount(): number {
  return availableParallelism();
}

/** The languages that have a reference program, a figure for it and a built image on this machine: with their images. */
async function calibratable(engine: Engine, only?: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [language, program] of Object.entries(REFERENCE_PROGRAMS)) {
    if (only && !only.includes(language)) continue;
    if (program.cpuMs <= 0 || !engine.registry.find(language)) continue;
    const image = await engine.imageFor(language).catch(() => undefined);
    if (image) out.set(language, image);
  }
  return out;
}

/** What the figures depend on: a calibration with another fingerprint is measured again. */
export async function machineFingerprint(
  engine: Engine,
): Promise<{ fingerprint: string; machine: MachineCalibration['machine'] }> {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: coreCount(),
    memoryMb: Math.round(totalmem() / 1024 / 1024),
  };
  const images = Object.fromEntries(await calibratable(engine));
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ machine, images, reference: REFERENCE_VERSION }))
    .digest('hex')
    .slice(0, 16);
  return { fingerprint, machine };
}

function referenceRequest(language: string, program: ReferenceProgram, n: number, runs: number): JudgeRequest {
  const input = utf8.encode(`${n}\n`);
  const output = utf8.encode(`${primesUpTo(n)}\n`);
  return {
    language,
    source: program.source,
    tests: Array.from({ length: runs }, (_, i) => ({ name: String(i + 1), input, output, sample: false })),
    limits: { timeMs: 30_000, memoryMb: 512, outputKb: 64 },
    checker: { type: 'tokens' },
    plainRun: false,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Each language's factor: the least CPU time of its reference program (a
 * warm-up run, then `runs` measured ones, compiled once) over the reference
 * machine's; the machine's factor is the median of the languages'.
 */
export async function measureSpeed(
  engine: Engine,
  opts: { languages?: string[]; runs?: number; log?: (line: string) => void } = {},
): Promise<Pick<MachineCalibration, 'factor' | 'languages' | 'cpuMs'>> {
  const runs = opts.runs ?? 5;
  const languages: Record<string, number> = {};
  const cpuMs: Record<string, number> = {};
  const targets = await calibratable(engine, opts.languages);
  if (targets.size === 0)
    throw new Error('no language to calibrate: build the language images first (judge lang build)');
  for (const language of targets.keys()) {
    const program = REFERENCE_PROGRAMS[language]!;
    const warm = await engine.judge(referenceRequest(language, program, program.n, 1));
    if (warm.verdict !== 'AC') {
      throw new Error(
        `the ${language} reference program failed: ${warm.verdict} ${warm.error ?? warm.compile?.output ?? ''}`,
      );
    }
    const out = await engine.judge(referenceRequest(language, program, program.n, runs));
    if (out.verdict !== 'AC') throw new Error(`the ${language} reference program failed: ${out.verdict}`);
    // The least CPU time of the runs: other work on the machine (caches, a shared core) only ever adds to it.
    cpuMs[language] = Math.min(...out.tests.map((t) => t.timeMs));
    languages[language] = round2(cpuMs[language]! / program.cpuMs);
    opts.log?.(
      `${language}: ${cpuMs[language]} ms of CPU (reference ${program.cpuMs} ms): factor ${languages[language]}`,
    );
  }
  return { factor: round2(median(Object.values(languages))), languages, cpuMs };
}

/** Submissions for the concurrency sweep: short reference runs in a compiled, an interpreted and a JIT language. */
function sweepRequests(engine: Engine): JudgeRequest[] {
  const small: [string, number][] = [
    ['c', 2_000_000],
    ['python', 30_000],
    ['javascript', 2_000_000],
  ];
  return small
    .filter(([language]) => engine.registry.find(language))
    .map(([language, n]) => referenceRequest(language, REFERENCE_PROGRAMS[language]!, n, 3));
}

/**
 * Submissions per second at several numbers at once (0.5 to 3 per core), up
 * and down again; the fewest that come within 5% of the most is the machine's
 * slot count. The engine must have at least the largest number of slots.
 */
export async function measureConcurrency(
  engine: Engine,
  opts: { cores?: number; log?: (line: string) => void } = {},
): Promise<Concurrency> {
  const cores = opts.cores ?? coreCount();
  const levels = [...new Set([0.5, 1, 1.5, 2, 3].map((m) => Math.max(1, Math.round(m * cores))))];
  const kinds = sweepRequests(engine);
  if (kinds.length === 0) throw new Error('the concurrency sweep needs the c, python or javascript pack');
  for (const r of kinds) {
    const warm = await engine.judge(r);
    if (warm.verdict !== 'AC') throw new Error(`the sweep's ${r.language} program failed: ${warm.verdict}`);
  }
  const seen = new Map<number, number[]>();
  for (const slots of [...levels, ...[...levels].reverse()]) {
    const count = 4 + 3 * slots;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: slots }, async () => {
        while (next < count) {
          const req = kinds[next++ % kinds.length]!;
          const out = await engine.judge(req);
          if (out.verdict !== 'AC') throw new Error(`the sweep's ${req.language} program failed: ${out.verdict}`);
        }
      }),
    );
    const perSecond = count / ((performance.now() - started) / 1000);
    seen.set(slots, [...(seen.get(slots) ?? []), perSecond]);
    opts.log?.(`${slots} at once: ${perSecond.toFixed(2)} submissions/s`);
  }
  const sweep = levels.map((slots) => ({ slots, perSecond: round2(median(seen.get(slots) ?? [0])) }));
  const best = Math.max(...sweep.map((s) => s.perSecond));
  const slots = sweep.find((s) => s.perSecond >= 0.95 * best)?.slots ?? cores;
  return { cores, sweep, slots, slotsPerCore: round2(slots / cores) };
}

/** Measures this machine: speed and (unless told not to) concurrency. The engine needs 3 slots per core. */
export async function calibrate(
  engine: Engine,
  opts: { concurrency?: boolean; languages?: string[]; log?: (line: string) => void } = {},
): Promise<MachineCalibration> {
  const { fingerprint, machine } = await machineFingerprint(engine);
  const speed = await measureSpeed(engine, { languages: opts.languages, log: opts.log });
  const concurrency = opts.concurrency === false ? undefined : await measureConcurrency(engine, { log: opts.log });
  return {
    ...speed,
    measuredAt: new Date().toISOString(),
    reference: REFERENCE_VERSION,
    fingerprint,
    machine,
    ...(concurrency ? { concurrency } : {}),
  };
}

/** The cached calibration in `file`, if it is there and readable (whatever its fingerprint). */
export function readCalibration(file: string): MachineCalibration | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = MachineCalibrationSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The cached calibration when it still holds for this machine (same fingerprint). */
export async function currentCalibration(file: string, engine: Engine): Promise<MachineCalibration | undefined> {
  const cached = readCalibration(file);
  if (!cached) return undefined;
  const { fingerprint } = await machineFingerprint(engine);
  return cached.fingerprint === fingerprint ? cached : undefined;
}

/** Writes the calibration atomically (nodes starting together read a whole file or none). */
export function writeCalibration(file: string, c: MachineCalibration): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(c, null, 2)}\n`);
  renameSync(tmp, file);
}
