import type { Region } from '../config.js';
import { healthOf, isHealthy } from './health.js';

export interface Point {
  lat: number;
  lon: number;
}

/** Great-circle distance in km. */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Where the client is, from `request.cf` (Cloudflare's geolocation), if known. */
export function locationOf(request: Request): Point | null {
  const cf = (request as { cf?: { latitude?: unknown; longitude?: unknown } }).cf;
  const lat = Number(cf?.latitude);
  const lon = Number(cf?.longitude);
  if (cf?.latitude === undefined || cf?.longitude === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return null;
  }
  return { lat, lon };
}

/**
 * The order in which to try regions: healthy ones first, nearest first (config
 * order when the client's location is unknown), then the ones marked down in
 * the same order, as a last resort.
 */
export function orderRegions(regions: readonly Region[], from: Point | null, now: number): Region[] {
  const ranked = from
    ? regions
        .map((r, i) => ({ r, i, d: distanceKm(from, r) }))
        .sort((a, b) => a.d - b.d || a.i - b.i)
        .map((x) => x.r)
    : [...regions];
  return [...ranked.filter((r) => isHealthy(r, now)), ...ranked.filter((r) => !isHealthy(r, now))];
}

/**
 * For a problem whose time limit is for the reference machine: calibrated
 * regions first, then those not heard from yet, then those known to be
 * uncalibrated (which refuse it); each group in the order given.
 */
export function calibratedFirst(regions: Region[]): Region[] {
  const rank = (r: Region) => {
    const speed = healthOf(r).speed;
    return speed === undefined ? 1 : speed.calibrated ? 0 : 2;
  };
  return regions
    .map((r, i) => ({ r, i, k: rank(r) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.r);
}
