import { describe, expect, it } from 'vitest';
import { CalibrationSchema, formatSpeedHeader, parseSpeedHeader, scaledTimeMs } from './calibration.js';

describe('calibration', () => {
  it('scales a reference time limit by the factor, rounded up to a millisecond', () => {
    expect(scaledTimeMs(1000, 1)).toBe(1000);
    expect(scaledTimeMs(1000, 1.234)).toBe(1234);
    expect(scaledTimeMs(1000, 0.5)).toBe(500);
    expect(scaledTimeMs(333, 1.5)).toBe(500);
    expect(scaledTimeMs(1, 0.01)).toBe(1);
    // Floating point does not push an exact product up by one.
    expect(scaledTimeMs(1000, 1.1)).toBe(1100);
  });

  it('refuses a factor that is not a positive number', () => {
    const base = { languages: {}, measuredAt: '2026-01-01T00:00:00Z', reference: 'v1' };
    expect(CalibrationSchema.safeParse({ ...base, factor: 1.2 }).success).toBe(true);
    expect(CalibrationSchema.safeParse({ ...base, factor: 0 }).success).toBe(false);
    expect(CalibrationSchema.safeParse({ ...base, factor: 1, languages: { c: -1 } }).success).toBe(false);
  });

  it('writes and reads the speed header of a region', () => {
    for (const speed of [
      { calibrated: true as const, min: 1.25, max: 1.25 },
      { calibrated: true as const, min: 0.9, max: 1.4 },
      { calibrated: false as const },
    ]) {
      expect(parseSpeedHeader(formatSpeedHeader(speed))).toEqual(speed);
    }
    expect(formatSpeedHeader({ calibrated: true, min: 1.1, max: 1.1 })).toBe('1.1');
    for (const bad of [undefined, '', 'fast', '0', '2-1', '-1']) expect(parseSpeedHeader(bad)).toBeUndefined();
  });
});
