import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Checker, DEFAULT_LIMITS, decodeOutput, type SubmissionResult, type TestResult } from '@judge/contract';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROGRAM_BYTES, wallLimitMs } from '../../src/exec/spec.js';
import { Engine, type JudgeOutcome, type JudgeRequest, OWNER_ID, type PreparedTest } from '../../src/index.js';
import { OWNER_LABEL } from '../../src/sandbox/docker.js';
import { dropTestState, requireServices, startTestNode, type TestNode, testConfig } from '../node/helpers.js';
import { LANGUAGES_DIR } from '../support.js';
import {
  checkerMessageBytes,
  type Entry,
  EXPECTED_BYTES,
  type Language,
  MANIFEST,
  nonblockingOutput,
} from './manifest.js';

// The hostile suite (see manifest.ts): each program through the real engine,
// then a probe submission in the same warm container that must see nothing of
// it, then the host's processes. Every limit that depends on the machine's
// speed comes from measurements made here, in beforeAll.

const HERE = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
const utf8 = new TextEncoder();

const PROBE_FILES: Record<Language, string> = {
  c: 'probe.c',
  cpp: 'probe.cpp',
  python: 'probe.py',
  javascript: 'probe.js',
  go: 'probe.go',
  rust: 'probe.rs',
  java: 'Probe.java',
  bash: 'probe.sh',
};

/**
 * The bytes of a stdout, stderr or checker message as the engine returns
 * them: the one place that knows how output travels in a TestResult (text, or
 * base64 under `encoding`).
 */
function outputOf(result: TestResult, field: 'stdout' | 'stderr' | 'message'): Buffer {
  const text = result[field];
  return text === undefined ? Buffer.alloc(0) : Buffer.from(decodeOutput(text, result.encoding));
}

function source(file: string): string {
  return readFileSync(join(HERE, 'programs', file), 'utf8');
}

function probeSource(language: Language): string {
  const script = readFileSync(join(HERE, 'probe', 'probe.sh'), 'utf8');
  if (language === 'bash') return script;
  const literal = JSON.stringify(script);
  return readFileSync(join(HERE, 'probe', PROBE_FILES[language]), 'utf8').replaceAll('PROBE_SH', () => literal);
}

function roundUp(ms: number): number {
  return Math.ceil(ms / 100) * 100;
}

function newSecret(): string {
  return `SECRET-${randomBytes(8).toString('hex')}`;
}

/** Where two byte strings first differ, in words; undefined when they are equal. */
function difference(actual: Uint8Array, expected: Uint8Array): string | undefined {
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) return `byte ${i}: got ${actual[i]}, expected ${expected[i]}`;
  }
  return actual.length === expected.length ? undefined : `length ${actual.length}, expected ${expected.length}`;
}

/** A probe's report: the container it ran in, and what it saw. */
interface ProbeReport {
  verdict: string;
  /** CPU time of the probe's run. */
  timeMs: number;
  host: string;
  /** Every line of the report but the host. */
  seen: string[];
  secrets: string[];
  raw: string;
}

/** A container of the engine's pool, as the host sees it. */
interface Box {
  host: string;
  id: string;
  /** Host PID of its PID 1 (the runner). */
  pid: number;
}

let engine: Engine;
let docker: Docker;
let cacheDir: string;
const limitMs = new Map<Language, number>();
let heavyMs = 0;
const golden = new Map<Language, string[]>();
const current = new Map<Language, Box>();
/** Every container a hostile program ran in: none may keep a process after close. */
const containers = new Set<string>();
/** Sandbox or Docker failures the engine judged again after, during the current entry. */
const infraFailures: string[] = [];
/** Every secret given to a program: no probe may ever see one. */
const secrets: string[] = [];
const rows: {
  id: string;
  cls: string;
  language: string;
  expect: string;
  verdict: string;
  container: 'reused' | 'replaced';
  /** Wall time of judging the program, and of the probe after it. */
  ms: { judge: number; probe: number };
  fails: string[];
}[] = [];

const LANGUAGES = [
  ...new Set<Language>([
    'c',
    ...MANIFEST.flatMap((e) => [e.language, ...(e.checker ? [e.checker.language] : [])]),
    ...MANIFEST.flatMap((e) => (e.companion ? [e.companion.language] : [])),
  ]),
];

async function runProbe(language: Language, timeMs: number): Promise<ProbeReport> {
  const r = await engine.judge({
    language,
    source: probeSource(language),
    tests: [{ name: '1', input: utf8.encode('2 3\n'), output: utf8.encode('5\n'), sample: true }],
    limits: { timeMs, memoryMb: 64, outputKb: 64 },
    checker: { type: 'tokens' },
    plainRun: false,
  });
  const t = r.tests[0];
  const raw = t ? outputOf(t, 'stderr').toString('utf8') : `${r.verdict} ${r.error ?? ''} ${r.compile?.output ?? ''}`;
  const lines = raw.split('\n').filter((l) => l !== '');
  const host = lines.find((l) => l.startsWith('host '))?.slice(5) ?? '';
  const secretLine = lines.find((l) => l.startsWith('secrets')) ?? '';
  return {
    verdict: r.verdict,
    timeMs: t?.timeMs ?? 0,
    host,
    seen: lines.filter((l) => !l.startsWith('host ')),
    secrets: secretLine.slice('secrets'.length).trim().split(' ').filter(Boolean),
    raw,
  };
}

async function inspectBox(host: string): Promise<Box | undefined> {
  if (!/^[0-9a-f]{12,64}$/.test(host)) return undefined;
  try {
    const c = await docker.getContainer(host).inspect();
    if (c.Config.Labels[OWNER_LABEL] !== OWNER_ID || !c.State.Running) return undefined;
    return { host, id: c.Id, pid: c.State.Pid };
  } catch {
    return undefined;
  }
}

/**
 * Host processes of a container, but the given ones: those in its cgroup
 * (named after the container's id, which Docker never reuses, unlike the
 * inode numbers of PID namespaces).
 */
function processesOf(id: string, except: number[] = []): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || except.includes(Number(name))) continue;
    try {
      if (!readFileSync(`/proc/${name}/cgroup`, 'utf8').includes(id)) continue;
      found.push(`${name}:${readFileSync(`/proc/${name}/comm`, 'utf8').trim()}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * The Docker daemons running now (pid and start time): when one restarted
 * while an entry ran (other tests on this machine restart it), a sandbox
 * dying then is not the program's doing.
 */
function dockerDaemons(): string {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'dockerd') continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      found.push(`${name}@${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`);
    } catch {
      // gone meanwhile
    }
  }
  return found.sort().join(' ');
}

/** Processes of the containers still there after the moments a removed container's processes take to go. */
async function lingering(ids: string[], except: number[] = []): Promise<string[]> {
  const end = Date.now() + 10_000;
  let found = ids.flatMap((id) => processesOf(id, except));
  while (found.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    found = ids.flatMap((id) => processesOf(id, except));
  }
  return found;
}

async function gone(id: string): Promise<boolean> {
  // The pool destroys a replaced sandbox without waiting: give it the time a removal takes.
  for (let i = 0; i < 300; i++) {
    try {
      await docker.getContainer(id).inspect();
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** The container the next submission of `language` gets: the one its last probe ran in. */
async function boxFor(language: Language): Promise<Box> {
  const known = current.get(language);
  if (known && (await inspectBox(known.host))) return known;
  const p = await runProbe(language, limitMs.get(language)! * 4);
  const box = await inspectBox(p.host);
  if (p.verdict !== 'AC' || !box) throw new Error(`no healthy ${language} sandbox to start from: ${p.raw}`);
  current.set(language, box);
  return box;
}

function filesUnder(dir: string): { path: string; size: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const path = join(d.parentPath, d.name);
      return { path, size: statSync(path).size };
    });
}

/** The entry's time limit: its language's, the heavy one, or room for a busy machine. */
function timeLimit(entry: Entry): number {
  const normal = limitMs.get(entry.language)!;
  if (entry.time === 'heavy') return Math.max(normal, heavyMs);
  return entry.time === 'roomy' ? 3 * normal : normal;
}

/** The CPU time a single busy process is given before the wall clock ends it, under `limit`, now. */
async function referenceBurn(limit: number): Promise<number> {
  const r = await engine.judge({
    language: 'c',
    source: readFileSync(join(HERE, 'probe', 'burn.c'), 'utf8'),
    tests: [{ name: '1', input: new Uint8Array(), sample: true }],
    limits: { timeMs: limit, memoryMb: 64, outputKb: 64 },
    checker: { type: 'tokens' },
    plainRun: true,
  });
  return r.tests[0]?.timeMs ?? 0;
}

function inputFor(entry: Entry, secret: string): Uint8Array {
  switch (entry.input) {
    case 'limit':
      return utf8.encode(`${timeLimit(entry)}\n`);
    case 'memory':
      return utf8.encode(`${entry.memoryMb ?? 64}\n`);
    case 'secret':
      return utf8.encode(`${secret}\n`);
    case 'random-bytes':
      return randomBytes(32 * 1024);
    case 'none':
      return new Uint8Array();
  }
}

function requestFor(entry: Entry): JudgeRequest {
  const tests: PreparedTest[] = [];
  for (let i = 0; i < (entry.tests ?? 1); i++) {
    const secret = newSecret();
    secrets.push(secret);
    const test: PreparedTest = { name: String(i + 1), input: inputFor(entry, secret), sample: !entry.hidden };
    if (entry.answer === 'found none') test.output = utf8.encode('found none\n');
    else if (entry.answer === 'stdout-nonblocking') test.output = Buffer.from(nonblockingOutput(), 'latin1');
    else if (entry.answer === 'secret') {
      const answer = newSecret();
      secrets.push(answer);
      test.output = utf8.encode(`${answer}\n`);
    } else if (entry.checker) test.output = utf8.encode('x\n');
    tests.push(test);
  }
  let checker: Checker = { type: 'tokens' };
  if (entry.checker) checker = { type: 'custom', language: entry.checker.language, source: source(entry.checker.file) };
  else if (entry.answer === 'secret' || entry.answer === 'stdout-nonblocking') checker = { type: 'exact' };
  return {
    language: entry.language,
    source: source(entry.file),
    tests,
    limits: {
      timeMs: timeLimit(entry),
      memoryMb: entry.memoryMb ?? 64,
      outputKb: entry.outputKb ?? DEFAULT_LIMITS.outputKb,
    },
    checker,
    plainRun: !entry.answer && !entry.checker,
  };
}

/** Judges the entry, and its companion at the same time when it has one. */
async function judgeEntry(entry: Entry, req: JudgeRequest): Promise<{ r: JudgeOutcome; companion?: JudgeOutcome }> {
  const companion = entry.companion;
  if (!companion) return { r: await engine.judge(req) };
  let started!: () => void;
  const running = new Promise<void>((res) => {
    started = res;
  });
  const hostile = engine.judge(req, { onStatus: (s) => s === 'running' && started() });
  await running;
  const other = await engine.judge({
    language: companion.language,
    source: source(companion.file),
    tests: [{ name: '1', input: utf8.encode(`${limitMs.get(entry.language)}\n`), sample: true }],
    limits: { timeMs: limitMs.get(companion.language)!, memoryMb: 64, outputKb: 64 },
    checker: { type: 'tokens' },
    plainRun: true,
  });
  return { r: await hostile, companion: other };
}

/** Everything the entry's manifest line demands of its own run. */
function checkRun(entry: Entry, req: JudgeRequest, r: JudgeOutcome, judgeGrowth: number, fail: (s: string) => void) {
  const t = r.tests[0];
  const limit = req.limits.timeMs!;
  const memoryMb = req.limits.memoryMb!;
  for (const check of entry.checks ?? []) {
    switch (check) {
      case 'time-over-limit':
        // Settled after the probe (see wallEnded): a busy machine's wall clock may end a burner first.
        if (t && t.timeMs < limit && t.wallMs < wallLimitMs(limit))
          fail(`reported time ${t.timeMs} ms (wall ${t.wallMs} ms): the whole run used more than ${limit} ms`);
        if (!t) fail('no test result');
        break;
      case 'memory-over-limit': {
        const kb = Math.max(r.memoryKb, t?.memoryKb ?? 0);
        if (kb < memoryMb * 1024) fail(`reported memory ${kb} KiB, the whole run held more than ${memoryMb} MiB`);
        break;
      }
      case 'refused': {
        const lines = t ? outputOf(t, 'stdout').toString('utf8').split('\n') : [];
        const allowed = lines.filter((l) => l.startsWith('allowed'));
        if (allowed.length > 0) fail(`not refused: ${allowed.join('; ')}`);
        if (!lines.some((l) => l.startsWith('refused'))) fail('no "refused" line');
        break;
      }
      case 'too-large':
        if (!/too large/i.test(r.compile?.output ?? ''))
          fail(`compile output does not say "too large": ${(r.compile?.output ?? '').slice(0, 120)}`);
        break;
      case 'judge-memory':
        if (judgeGrowth >= MAX_PROGRAM_BYTES) fail(`the judge process grew by ${Math.round(judgeGrowth / MiB)} MiB`);
        break;
      case 'cache-bounded': {
        // An entry is the program's archive plus its headers and the compiler's output.
        const big = filesUnder(cacheDir).filter((f) => f.size > MAX_PROGRAM_BYTES + MiB);
        if (big.length > 0) fail(`compile cache entries over the cap: ${big.map((f) => `${f.size} B`).join(', ')}`);
        break;
      }
      case 'bytes': {
        const want = EXPECTED_BYTES[entry.id]!(req.tests[0]!.input);
        if (!t) fail('no test result');
        else {
          const out = difference(outputOf(t, 'stdout'), want.stdout);
          const err = difference(outputOf(t, 'stderr'), want.stderr);
          if (out) fail(`stdout differs at ${out}`);
          if (err) fail(`stderr differs at ${err}`);
        }
        break;
      }
      case 'message-bytes': {
        const diff = t && difference(outputOf(t, 'message'), checkerMessageBytes());
        if (!t || diff) fail(`checker message differs at ${diff}`);
        break;
      }
      case 'message-quotes-nothing':
        for (const [i, test] of r.tests.entries()) {
          const message = test.message ?? '';
          // The secrets' common prefix is no secret: only their random part counts.
          const data = [req.tests[i]!.input, req.tests[i]!.output ?? new Uint8Array()].map((b) =>
            Buffer.from(b)
              .toString('utf8')
              .replace(/SECRET-/g, '')
              .trim(),
          );
          for (const d of data)
            for (let k = 0; k + 6 <= d.length; k++)
              if (message.includes(d.slice(k, k + 6))) {
                fail(`hidden test ${i + 1}: the checker message quotes "${d.slice(k, k + 6)}": ${message}`);
                k = d.length;
              }
        }
        break;
      case 'found-none':
        for (const test of r.tests) if (test.verdict !== 'AC') fail(`test ${test.index} found data of another test`);
        break;
      case 'pack-environment': {
        const out = t ? outputOf(t, 'stdout').toString('utf8') : '';
        const names = /^ok environment \[(.*)\]$/m.exec(out)?.[1]?.replace(/'/g, '').split(', ') ?? [];
        const pack = Object.keys(engine.resolveLanguage(entry.language)!.env).sort();
        if (names.join(' ') !== pack.join(' ')) fail(`environment ${names.join(' ')}, the pack's is ${pack.join(' ')}`);
        break;
      }
      case 'no-checker-files': {
        const out = t ? outputOf(t, 'stdout').toString('utf8') : '';
        if (/answer|output/.test(out)) fail(`the program sees the checker's files: ${out.replace(/\n/g, ' ')}`);
        break;
      }
    }
  }
}

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'judge-hostile-cache-'));
  engine = await Engine.create({ languagesDir: LANGUAGES_DIR, cacheDir, slots: 2 });
  docker = engine.docker;
  engine.onInfrastructureFailure = (e, attempt) => infraFailures.push(`attempt ${attempt}: ${e.message}`);
  for (const language of LANGUAGES) await engine.ensureImage(language);
  // A fresh container of each language: what a probe sees there is the baseline.
  for (const language of LANGUAGES) {
    const p = await runProbe(language, DEFAULT_LIMITS.timeMs * 5);
    const box = await inspectBox(p.host);
    if (p.verdict !== 'AC' || !box) throw new Error(`the ${language} probe fails in a fresh sandbox: ${p.raw}`);
    if (processesOf(box.id).length === 0) {
      throw new Error(`cannot find the processes of container ${box.id} through /proc/<pid>/cgroup`);
    }
    golden.set(language, p.seen);
    current.set(language, box);
    // A normal program's limit: five times the probe's CPU time (an honest
    // program starting the language's runtime, a shell and a few tools).
    limitMs.set(language, Math.max(1000, roundUp(5 * p.timeMs)));
  }
  // Programs with a fixed amount of file system work get thirty times the
  // calibration's CPU time (a tenth of their work, three times over).
  const cal = await engine.judge({
    language: 'c',
    source: readFileSync(join(HERE, 'probe', 'calibrate.c'), 'utf8'),
    tests: [{ name: '1', input: new Uint8Array(), sample: true }],
    limits: { timeMs: DEFAULT_LIMITS.timeMs * 5, memoryMb: 64, outputKb: 64 },
    checker: { type: 'tokens' },
    plainRun: true,
  });
  if (cal.verdict !== 'AC' || cal.tests[0]?.stdout !== '3000 3000\n') {
    throw new Error(`the calibration program failed: ${cal.verdict} ${cal.error ?? ''} ${cal.tests[0]?.stdout ?? ''}`);
  }
  heavyMs = roundUp(30 * cal.tests[0].timeMs);
  const after = await runProbe('c', DEFAULT_LIMITS.timeMs * 5);
  if (after.host !== current.get('c')?.host || after.seen.join('\n') !== golden.get('c')!.join('\n')) {
    throw new Error(`the calibration left traces for the next submission: ${after.raw}`);
  }
}, 1_200_000);

afterAll(async () => {
  await engine?.close();
  if (process.env.HOSTILE_REPORT) {
    const limits = { ...Object.fromEntries(limitMs), heavy: heavyMs };
    writeFileSync(process.env.HOSTILE_REPORT, JSON.stringify({ limits, rows }, null, 2));
  }
});

describe('hostile programs', () => {
  const cases = MANIFEST.map((e) => [`${e.id} (${e.cls}, ${e.language}): ${e.expect.join(' or ')}`, e] as const);
  it.each(cases)('%s', async (_, entry) => {
    const fails: string[] = [];
    const fail = (s: string) => fails.push(s);
    const box = await boxFor(entry.language);
    containers.add(box.id);
    const req = requestFor(entry);
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const daemons = dockerDaemons();
    infraFailures.length = 0;
    const { r, companion } = await judgeEntry(entry, req);
    const judged = Date.now();
    const judgeGrowth = process.memoryUsage().rss - rss;
    const first = r.tests[0];

    const detail = `limit ${req.limits.timeMs} ms ${r.error ?? ''} ${r.compile?.output.slice(0, 200) ?? ''} ${r.tests
      .map((t) => `${t.verdict} time=${t.timeMs} mem=${t.memoryKb} ${outputOf(t, 'stdout').toString().slice(0, 80)}`)
      .join(' | ')}`.trim();
    // The engine judges again when a sandbox dies; a program must never be what killed it.
    if (dockerDaemons() === daemons)
      for (const e of infraFailures) fail(`its sandbox died under it and it was judged again: ${e}`);
    if (entry.exitCode !== undefined && first?.exitCode !== entry.exitCode)
      fail(`exit code ${first?.exitCode}, expected ${entry.exitCode}`);
    if (!entry.expect.includes(r.verdict))
      fail(`verdict ${r.verdict}, expected ${entry.expect.join(' or ')}: ${detail}`);
    checkRun(entry, req, r, judgeGrowth, fail);
    if (companion) {
      const own = first ? outputOf(first, 'stdout').toString('utf8') : '';
      if (!entry.companion!.ready.test(own)) fail(`the program did not get ready: ${own.trim()}`);
      const out = companion.tests[0] ? outputOf(companion.tests[0], 'stdout').toString('utf8') : '';
      if (companion.verdict !== 'AC' || !entry.companion!.stdout.test(out))
        fail(`the program beside it in another sandbox: ${companion.verdict} ${out.trim()} ${companion.error ?? ''}`);
    }

    // The next submission in the same warm container must see nothing of it.
    const p = await runProbe(entry.language, limitMs.get(entry.language)! * 4);
    const probed = Date.now();
    // A probe that printed nothing ran in the container the pool handed back
    // first: the hostile program's, when it still exists.
    if (!p.host && (await inspectBox(box.host))) p.host = box.host;
    if (p.verdict !== 'AC') fail(`the probe after it is ${p.verdict}, not AC: ${p.raw.slice(0, 300)}`);
    if (p.host !== box.host && !(await gone(box.id))) {
      fail(
        `the probe ran in another container (${p.host || 'unknown'}) while ${box.host} still exists ` +
          `(judging took ${judged - started} ms)`,
      );
    }
    if (p.verdict === 'AC') {
      const expected = golden.get(entry.language)!;
      const extra = p.seen.filter((l) => !expected.includes(l));
      const missing = expected.filter((l) => !p.seen.includes(l));
      if (extra.length || missing.length)
        fail(`the probe sees ${extra.join(' / ')}${missing.length ? ` (baseline: ${missing.join(' / ')})` : ''}`);
    }
    const leaked = secrets.filter((s) => p.raw.includes(s));
    if (p.secrets.length || leaked.length)
      fail(`the probe reads hidden inputs: ${[...p.secrets, ...leaked].join(' ')}`);
    const left = await lingering([box.id], p.host === box.host ? [box.pid] : []);
    if (left.length) fail(`processes of its container on the host: ${left.join(' ')}`);

    // A burner the wall clock ended on a busy machine: it must be reported
    // with the CPU it got, as much as a plain busy process gets now.
    const limit = req.limits.timeMs!;
    if (
      entry.checks?.includes('time-over-limit') &&
      first &&
      first.timeMs < limit &&
      first.wallMs >= wallLimitMs(limit)
    ) {
      const reference = await referenceBurn(limit);
      if (first.timeMs < Math.min(limit, reference) / 2)
        fail(
          `reported time ${first.timeMs} ms when the wall clock ended it (${first.wallMs} ms); ` +
            `a plain busy process got ${reference} ms under the same limit just now`,
        );
    }

    const after = await inspectBox(p.host);
    if (fails.length > 0 || !after) {
      // Leave nothing dirty for the next entry: the next one starts in a new container.
      if (after) await docker.getContainer(after.id).remove({ force: true });
      current.delete(entry.language);
    } else {
      current.set(entry.language, after);
      containers.add(after.id);
    }
    rows.push({
      id: entry.id,
      cls: entry.cls,
      language: entry.language,
      expect: entry.expect.join('|'),
      verdict: r.verdict,
      container: p.host === box.host ? 'reused' : 'replaced',
      ms: { judge: judged - started, probe: probed - judged },
      fails,
    });
    expect(fails).toEqual([]);
  });
});

// The same bytes through a judge node: its queue, its PostgreSQL store and its
// JSON answers. The judge's own layers must not turn a program's bytes into IE.
describe('output bytes through a judge node', () => {
  let node: TestNode;
  const config = testConfig({ workers: 1 });

  beforeAll(async () => {
    await requireServices();
    node = await startTestNode(config);
  });

  afterAll(async () => {
    await node?.close();
    await dropTestState(config);
  });

  const submit = async (body: Record<string, unknown>): Promise<SubmissionResult> => {
    const res = await node.api('/v1/submissions?wait=true', { method: 'POST', json: body });
    expect(res.status).toBe(200);
    return (await res.json()) as SubmissionResult;
  };

  it.each(['bytes-all', 'protocol-injection'])('%s', async (id) => {
    const entry = MANIFEST.find((e) => e.id === id)!;
    const r = await submit({ language: entry.language, source: source(entry.file), stdin: '' });
    expect(r.verdict, r.error).toBe(entry.expect[0]);
    const want = EXPECTED_BYTES[id]!(new Uint8Array());
    expect(difference(outputOf(r.tests[0]!, 'stdout'), want.stdout)).toBeUndefined();
    expect(difference(outputOf(r.tests[0]!, 'stderr'), want.stderr)).toBeUndefined();
  });

  it('bytes-all through the Piston endpoint: no "XX" (internal error)', async () => {
    const entry = MANIFEST.find((e) => e.id === 'bytes-all')!;
    const res = await node.api('/api/v2/execute', {
      method: 'POST',
      json: { language: entry.language, version: '*', files: [{ content: source(entry.file) }] },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { run: { code: number | null; status: string | null; stdout: string } };
    expect(body.run.status).toBeNull();
    expect(body.run.code).toBe(0);
    // Piston carries text: what is not UTF-8 arrives replaced, but every byte arrives as something.
    expect(body.run.stdout.length).toBeGreaterThan(0);
  });

  it('checker-bytes', async () => {
    const entry = MANIFEST.find((e) => e.id === 'checker-bytes')!;
    const r = await submit({
      language: entry.language,
      source: source(entry.file),
      tests: [{ input: 'x', output: 'x' }],
      checker: { type: 'custom', language: entry.checker!.language, source: source(entry.checker!.file) },
    });
    expect(r.verdict, r.error).toBe('WA');
    expect(difference(outputOf(r.tests[0]!, 'message'), checkerMessageBytes())).toBeUndefined();
  });
});

describe('after the engine is closed', () => {
  it('leaves no container and no process once the engine is closed', async () => {
    await engine.close();
    const left = await docker.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${OWNER_ID}`] } });
    expect(left.map((c) => c.Id)).toEqual([]);
    expect(await lingering([...containers])).toEqual([]);
  });
});
