/** Prometheus text exposition format, as much as a scrape of a judge node needs. */

export interface PromSample {
  labels: Record<string, string>;
  value: number;
}

/** Series by metric name (histogram parts keep their suffixes: _bucket, _sum, _count). */
export type Scrape = Map<string, PromSample[]>;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    labels[m[1]!] = m[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return labels;
}

function parseValue(v: string): number {
  if (v === '+Inf') return Number.POSITIVE_INFINITY;
  if (v === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(v);
}

export function parseProm(text: string): Scrape {
  const out: Scrape = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    let name: string;
    let labels: Record<string, string> = {};
    let rest: string;
    if (brace >= 0 && brace < (line.indexOf(' ') === -1 ? line.length : line.indexOf(' '))) {
      name = line.slice(0, brace);
      const close = line.lastIndexOf('}');
      labels = parseLabels(line.slice(brace + 1, close));
      rest = line.slice(close + 1).trim();
    } else {
      const sp = line.indexOf(' ');
      name = line.slice(0, sp);
      rest = line.slice(sp + 1).trim();
    }
    const value = parseValue(rest.split(/\s+/)[0] ?? '');
    if (!name || Number.isNaN(value)) continue;
    const list = out.get(name) ?? [];
    if (list.length === 0) out.set(name, list);
    list.push({ labels, value });
  }
  return out;
}

function matches(labels: Record<string, string>, want?: Record<string, string>): boolean {
  if (!want) return true;
  return Object.entries(want).every(([k, v]) => labels[k] === v);
}

/** Sum of a metric's series that carry the given labels; undefined when the metric is absent. */
export function total(s: Scrape, name: string, want?: Record<string, string>): number | undefined {
  const list = s.get(name);
  if (!list) return undefined;
  let sum = 0;
  for (const x of list) if (matches(x.labels, want)) sum += x.value;
  return sum;
}

/** The first metric whose name matches, for series whose exact name may vary between versions. */
export function findMetric(s: Scrape, pattern: RegExp): string | undefined {
  for (const name of s.keys()) if (pattern.test(name)) return name;
  return undefined;
}

/** Cumulative bucket counts of a histogram by upper bound, summed over label sets. */
export function buckets(s: Scrape, name: string, want?: Record<string, string>): Map<number, number> {
  const out = new Map<number, number>();
  for (const x of s.get(`${name}_bucket`) ?? []) {
    if (!matches(x.labels, want)) continue;
    const le = parseValue(x.labels.le ?? '+Inf');
    out.set(le, (out.get(le) ?? 0) + x.value);
  }
  return out;
}

/**
 * A quantile of what a histogram observed between two scrapes, interpolated
 * inside its bucket as Prometheus's histogram_quantile does.
 */
export function histogramQuantile(
  before: Map<number, number>,
  after: Map<number, number>,
  q: number,
): number | undefined {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const n = counts[counts.length - 1] ?? 0;
  if (n <= 0) return undefined;
  const rank = q * n;
  let prevBound = 0;
  let prevCount = 0;
  for (const [i, b] of bounds.entries()) {
    const c = counts[i]!;
    if (c >= rank) {
      if (!Number.isFinite(b)) return prevBound;
      const inBucket = c - prevCount;
      return inBucket > 0 ? prevBound + ((b - prevBound) * (rank - prevCount)) / inBucket : b;
    }
    prevBound = b;
    prevCount = c;
  }
  return prevBound;
}
