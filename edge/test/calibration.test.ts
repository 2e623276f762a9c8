import { ErrorEnvelopeSchema } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { calibration, call, fakeRegion, makeEnv, received, stored, submit } from './support/harness.js';

// Regions state their calibration (x-judge-speed) on every answer; a node that cannot scale a problem's time limit
// for the reference machine refuses it with 503 naming the problem. The edge then tries the next region without
// taking the first for down, and from then on sends that problem's submissions to calibrated regions first.

const BERLIN = { latitude: '52.52', longitude: '13.40' };
const withProblem = (problem: string) => ({ json: { language: 'cpp', source: 'int main() {}', problem }, cf: BERLIN });
const regionOf = async (res: Response) => ((await res.json()) as { id: string }).id.split('.')[0];

describe('calibrated regions', () => {
  it("shows each region's speed in /health, as its answers state it", async () => {
    const paris = fakeRegion('paris', { lat: 48.86, lon: 2.35 });
    const tokyo = fakeRegion('tokyo', { lat: 35.68, lon: 139.69 });
    await calibration(paris, '1.2');
    await calibration(tokyo, 'none');
    const res = await call(makeEnv([paris, tokyo]), '/health', { cf: BERLIN });
    const body = (await res.json()) as { regions: { id: string; healthy: boolean; speed?: string }[] };
    expect(body.regions.map((r) => [r.id, r.healthy, r.speed])).toEqual([
      ['paris', true, '1.2'],
      ['tokyo', true, 'none'],
    ]);
  });

  it('sends a problem with a reference time limit on to a calibrated region, and there first from then on', async () => {
    const near = fakeRegion('near', { lat: 52, lon: 13 });
    const far = fakeRegion('far', { lat: 35, lon: 139 });
    await calibration(near, 'none', ['ref']);
    await calibration(far, '1.4');
    const e = makeEnv([near, far]);
    const first = await submit(e, withProblem('ref'));
    expect(first.status).toBe(202);
    expect(await regionOf(first)).toBe('far');
    expect((await received(near)).map((r) => r.body && JSON.parse(r.body).problem)).toEqual(['ref']);
    // The refusing region is healthy: another problem still goes to it, the nearest.
    expect(await regionOf(await submit(e, withProblem('abs')))).toBe('near');
    // The reference problem now goes to the calibrated region at once.
    expect(await regionOf(await submit(e, withProblem('ref')))).toBe('far');
    expect((await received(near)).length).toBe(2);
    expect(await stored(far)).toBe(2);
  });

  it('answers 503 when no region can scale the time limit, naming why each refused', async () => {
    const a = fakeRegion('a', { lat: 52, lon: 13 });
    const b = fakeRegion('b', { lat: 35, lon: 139 });
    await calibration(a, 'none', ['ref2']);
    await calibration(b, 'none', ['ref2']);
    const res = await submit(makeEnv([a, b]), withProblem('ref2'));
    expect(res.status).toBe(503);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('no_region_available');
    expect(body.error.message).toContain('a: HTTP 503');
    expect(body.error.message).toContain('b: HTTP 503');
    expect(await stored(a)).toBe(0);
    expect(await stored(b)).toBe(0);
  });
});
