export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Percentiles by nearest rank. */
export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const ms = (x: number) => `${x.toFixed(2)} ms`;
export const ratio = (x: number) => `${x.toFixed(3)}x`;
