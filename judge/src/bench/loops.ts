// How the benchmarks drive a system: a closed loop (a fixed number in flight, each starting when one ends: the
// throughput a system sustains) and an open loop (arrivals on a clock, whatever the system does: the latency a
// client sees at a given rate, without the coordinated omission of a closed loop).

export interface Timed<T, R> {
  item: T;
  /** From the start (closed loop) or from the scheduled arrival (open loop) to the answer. */
  ms: number;
  value: R;
}

/** Runs every item with at most `parallel` in flight; the results in the order they finished, and the total time. */
export async function closedLoop<T, R>(
  items: T[],
  parallel: number,
  run: (item: T) => Promise<R>,
): Promise<{ results: Timed<T, R>[]; seconds: number }> {
  const results: Timed<T, R>[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.max(1, parallel) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        const t = performance.now();
        const value = await run(item);
        results.push({ item, ms: performance.now() - t, value });
      }
    }),
  );
  return { results, seconds: (performance.now() - started) / 1000 };
}

/**
 * Starts item i at `i / ratePerS` seconds, however many are in flight. Each
 * latency counts from the scheduled arrival, so a late start (a busy
 * generator) counts against the system, not for it; `lateMs` says how late the
 * generator itself was at the worst.
 */
export async function openLoop<T, R>(
  items: T[],
  ratePerS: number,
  run: (item: T) => Promise<R>,
): Promise<{ results: Timed<T, R>[]; seconds: number; lateMs: number }> {
  if (!(ratePerS > 0)) throw new Error(`openLoop: the rate must be positive, got ${ratePerS}`);
  const results: Timed<T, R>[] = [];
  const inFlight: Promise<void>[] = [];
  let lateMs = 0;
  const started = performance.now();
  for (const [i, item] of items.entries()) {
    const due = started + (i * 1000) / ratePerS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lateMs = Math.max(lateMs, performance.now() - due);
    inFlight.push(
      run(item).then((value) => {
        results.push({ item, ms: performance.now() - due, value });
      }),
    );
  }
  await Promise.all(inFlight);
  return { results, seconds: (performance.now() - started) / 1000, lateMs };
}
