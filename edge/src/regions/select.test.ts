import { describe, expect, it } from 'vitest';
import type { Region } from '../config.js';
import { markDown, markUp } from './health.js';
import { distanceKm, locationOf, orderRegions } from './select.js';

const region = (id: string, lat: number, lon: number): Region => ({
  id,
  lat,
  lon,
  url: `http://${id}.select.test`,
  secret: 'x'.repeat(16),
});
const paris = region('paris', 48.86, 2.35);
const tokyo = region('tokyo', 35.68, 139.69);
const virginia = region('virginia', 38.9, -77.04);
const all = [virginia, paris, tokyo];

describe('region selection', () => {
  it('measures great-circle distances', () => {
    expect(Math.round(distanceKm(paris, tokyo))).toBeGreaterThan(9600);
    expect(Math.round(distanceKm(paris, tokyo))).toBeLessThan(9800);
    expect(distanceKm(paris, paris)).toBe(0);
  });

  it('orders by distance from the client', () => {
    expect(orderRegions(all, { lat: 52.52, lon: 13.4 }, 0).map((r) => r.id)).toEqual(['paris', 'virginia', 'tokyo']);
    expect(orderRegions(all, { lat: 34.69, lon: 135.5 }, 0)[0]!.id).toBe('tokyo');
  });

  it('keeps the configured order without a location', () => {
    expect(orderRegions(all, null, 0).map((r) => r.id)).toEqual(['virginia', 'paris', 'tokyo']);
  });

  it('puts regions marked down last until their cooldown ends', () => {
    markDown(paris, { status: 503 }, 10_000, 1000);
    const berlin = { lat: 52.52, lon: 13.4 };
    expect(orderRegions(all, berlin, 5000).map((r) => r.id)).toEqual(['virginia', 'tokyo', 'paris']);
    expect(orderRegions(all, berlin, 11_000)[0]!.id).toBe('paris');
    markUp(paris, 200, 1, 0);
  });

  it('reads the location from request.cf', () => {
    const withCf = new Request('https://x', { cf: { latitude: '48.1', longitude: '11.6' } });
    expect(locationOf(withCf)).toEqual({ lat: 48.1, lon: 11.6 });
    expect(locationOf(new Request('https://x'))).toBeNull();
  });
});
