import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ErrorEnvelope,
  parseSpeedHeader,
  REFERENCE_PROBLEM_HEADER,
  SPEED_HEADER,
  type SubmissionResult,
  scaledTimeMs,
} from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calibrate,
  currentCalibration,
  type MachineCalibration,
  readCalibration,
  writeCalibration,
} from '../../src/calibrate/index.js';
import { Engine } from '../../src/engine/index.js';
import {
  dropTestState,
  json,
  LANGUAGES_DIR,
  requireServices,
  startTestNode,
  type TestNode,
  testConfig,
} from './helpers.js';

// A real calibration (C and Python, to keep it short; the concurrency sweep in full), then nodes that use it:
// `--workers auto` takes the sweep's slots, a problem whose time limit is for the reference machine is judged
// under the scaled limit and says so, and a node without a calibration refuses it for the edge to go elsewhere.

const ADMIN = 'admin-token-for-tests';
const file = join(mkdtempSync(join(tmpdir(), 'judge-calibration-')), 'calibration.json');
let measured: MachineCalibration;
let node: TestNode;
const config = testConfig({ workers: 'auto', calibrate: 'auto', calibrationFile: file, adminToken: ADMIN });
const uncalibrated = testConfig({ workers: 1, calibrate: 'off', adminToken: ADMIN });

const PY_SUM = 'a, b = map(int, input().split())\nprint(a + b)\n';
const problem = (id: string, timeBasis: 'reference' | 'absolute') => ({
  problem: { id, limits: { timeMs: 700, memoryMb: 128 }, timeBasis },
  tests: [{ name: '1', input: '1 2\n', output: '3\n' }],
});

beforeAll(async () => {
  await requireServices();
  const engine = await Engine.create({ languagesDir: LANGUAGES_DIR, slots: 6, cacheDir: config.cacheDir || false });
  try {
    measured = await calibrate(engine, { languages: ['c', 'python'] });
    writeCalibration(file, measured);
  } finally {
    await engine.close();
  }
  node = await startTestNode(config);
}, 600_000);

afterAll(async () => {
  await node?.close();
  await dropTestState(config);
  await dropTestState(uncalibrated);
});

describe('judge calibrate', () => {
  it('measures a factor per language against the reference, and the slots where throughput stops growing', () => {
    expect(Object.keys(measured.languages).sort()).toEqual(['c', 'python']);
    for (const f of Object.values(measured.languages)) expect(f).toBeGreaterThan(0);
    expect(measured.factor).toBeGreaterThan(0);
    const c = measured.concurrency!;
    expect(c.sweep.map((s) => s.slots)).toEqual([...new Set(c.sweep.map((s) => s.slots))].sort((a, b) => a - b));
    const best = Math.max(...c.sweep.map((s) => s.perSecond));
    const chosen = c.sweep.find((s) => s.slots === c.slots)!;
    expect(chosen.perSecond).toBeGreaterThanOrEqual(0.95 * best);
    // The fewest slots that come within 5% of the best: none below it does.
    for (const s of c.sweep) if (s.slots < c.slots) expect(s.perSecond).toBeLessThan(0.95 * best);
  });

  it('is cached for the machine, and measured again when what it depends on changes', async () => {
    expect(readCalibration(file)).toEqual(measured);
    const engine = await Engine.create({ languagesDir: LANGUAGES_DIR, slots: 1, cacheDir: false });
    try {
      expect(await currentCalibration(file, engine)).toEqual(measured);
      const stale = join(mkdtempSync(join(tmpdir(), 'judge-calibration-')), 'calibration.json');
      writeFileSync(stale, JSON.stringify({ ...measured, fingerprint: 'another-machine' }));
      expect(await currentCalibration(stale, engine)).toBeUndefined();
    } finally {
      await engine.close();
    }
  });
});

describe('a calibrated node', () => {
  it('runs as many worker slots as the sweep chose, and shows its calibration in /health and every answer', async () => {
    expect(node.slots).toBe(measured.concurrency!.slots);
    const res = await node.api('/health');
    const health = await json<{ calibration: unknown; workers: { slots: number; calibrated: number } }>(res);
    expect(health.calibration).toEqual({
      factor: measured.factor,
      languages: measured.languages,
      measuredAt: measured.measuredAt,
      reference: measured.reference,
    });
    expect(health.workers).toMatchObject({ slots: measured.concurrency!.slots, calibrated: 1 });
    expect(parseSpeedHeader((await node.api('/v1/languages')).headers.get(SPEED_HEADER))).toEqual({
      calibrated: true,
      min: measured.factor,
      max: measured.factor,
    });
  });

  it("judges a reference time limit scaled by the language's factor, and the result shows both", async () => {
    const auth = { authorization: `Bearer ${ADMIN}` };
    for (const [id, basis] of [
      ['calib-ref', 'reference'],
      ['calib-abs', 'absolute'],
    ] as const) {
      expect(
        (await node.api(`/v1/problems/${id}`, { method: 'PUT', json: problem(id, basis), headers: auth })).status,
      ).toBe(201);
    }
    const info = await json<{ timeBasis?: string }>(await node.api('/v1/problems/calib-ref'));
    expect(info.timeBasis).toBe('reference');
    const factor = measured.languages.python!;
    const post = (body: unknown) => node.api('/v1/submissions?wait=true', { method: 'POST', json: body });
    const ref = await json<SubmissionResult>(await post({ language: 'python', source: PY_SUM, problem: 'calib-ref' }));
    expect(ref).toMatchObject({ verdict: 'AC', calibration: { factor, referenceTimeMs: 700 } });
    expect(ref.limits).toEqual({
      timeMs: scaledTimeMs(700, factor),
      memoryMb: 128,
      outputKb: config.defaults.outputKb,
    });
    // Absolute limits stay as they are; the result still says how fast the node is.
    const abs = await json<SubmissionResult>(await post({ language: 'python', source: PY_SUM, problem: 'calib-abs' }));
    expect(abs).toMatchObject({ verdict: 'AC', calibration: { factor }, limits: { timeMs: 700 } });
    expect(abs.calibration?.referenceTimeMs).toBeUndefined();
    // A request's own time limit is for the machine that judges it.
    const own = await json<SubmissionResult>(
      await post({ language: 'python', source: PY_SUM, problem: 'calib-ref', limits: { timeMs: 900 } }),
    );
    expect(own.limits?.timeMs).toBe(900);
    expect(await json(await node.api(`/v1/submissions/${ref.id}`))).toEqual(ref);
  });
});

describe('a node without a calibration', () => {
  it('refuses a reference time limit with 503 naming the problem (the edge goes elsewhere), and takes the rest', async () => {
    const other = await startTestNode(uncalibrated);
    try {
      const auth = { authorization: `Bearer ${ADMIN}` };
      await other.api('/v1/problems/calib-ref', {
        method: 'PUT',
        json: problem('calib-ref', 'reference'),
        headers: auth,
      });
      await other.api('/v1/problems/calib-abs', {
        method: 'PUT',
        json: problem('calib-abs', 'absolute'),
        headers: auth,
      });
      const refused = await other.api('/v1/submissions', {
        method: 'POST',
        json: { language: 'python', source: PY_SUM, problem: 'calib-ref' },
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get(REFERENCE_PROBLEM_HEADER)).toBe('calib-ref');
      expect(parseSpeedHeader(refused.headers.get(SPEED_HEADER))).toEqual({ calibrated: false });
      expect((await json<ErrorEnvelope>(refused)).error.code).toBe('uncalibrated');
      const health = await json<{ calibration: unknown }>(await other.api('/health'));
      expect(health.calibration).toBeNull();
      const abs = await other.api('/v1/submissions?wait=true', {
        method: 'POST',
        json: { language: 'python', source: PY_SUM, problem: 'calib-abs' },
      });
      expect(abs.status).toBe(200);
      const r = await json<SubmissionResult>(abs);
      expect(r).toMatchObject({ verdict: 'AC', limits: { timeMs: 700 } });
      expect(r.calibration).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
