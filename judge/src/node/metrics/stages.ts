import type { EngineStage } from '../../model/index.js';

/**
 * The steps of a submission through a node, in order: the API's (`accept`:
 * the request read and checked; `store`: the submission written; `enqueue`),
 * the queue's (`pickup`: enqueued until a worker starts it), the worker's
 * (`claim`: the submission read and its problem resolved; the engine's steps;
 * `progress`: ending the progress writes (the last batch goes out with the
 * result, so nothing waits for it); `save`: the result
 * written), then `notify` (the result published until the API waiting for it
 * hears of it) and `respond` (the API reading the result it answers with).
 */
export const STAGES = [
  'accept',
  'store',
  'enqueue',
  'pickup',
  'claim',
  'acquire',
  'compile',
  'memory',
  'run',
  'check',
  'progress',
  'save',
  'notify',
  'respond',
] as const;
export type Stage = (typeof STAGES)[number];

/** The engine's steps are stages of the node too (a compile error here when they drift apart). */
export type EngineStagesAreStages = EngineStage extends Stage ? true : never;
const _engineStagesAreStages: EngineStagesAreStages = true;
void _engineStagesAreStages;

/** Milliseconds per stage of one submission. */
export type StageTimes = Partial<Record<Stage, number>>;

const KNOWN = new Set<string>(STAGES);

/** The `Server-Timing` header of an answer: each stage's milliseconds, in order. */
export function serverTiming(times: StageTimes): string {
  return STAGES.filter((s) => times[s] !== undefined)
    .map((s) => `${s};dur=${(times[s] as number).toFixed(2)}`)
    .join(', ');
}

/** The stages of a `Server-Timing` header (others ignored). */
export function parseServerTiming(header: string | null | undefined): StageTimes {
  const out: StageTimes = {};
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name || !KNOWN.has(name)) continue;
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    const ms = Number(dur?.slice(4));
    if (dur && Number.isFinite(ms)) out[name as Stage] = ms;
  }
  return out;
}

/** Milliseconds since `start` (a `performance.now()`). */
export function since(start: number): number {
  return performance.now() - start;
}
