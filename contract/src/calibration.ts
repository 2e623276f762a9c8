import { z } from 'zod';

// A node's speed against the reference machine, and how it turns a problem's
// time limit for that machine into its own (docs/calibration.md).

/**
 * What a problem's `limits.timeMs` means: CPU time on the judging machine
 * (`absolute`, the default), or on the reference machine (`reference`): each
 * node then scales it by its measured speed, so that a program gets the same
 * verdict on every node.
 */
export const TimeBasisSchema = z.enum(['absolute', 'reference']);
export type TimeBasis = z.infer<typeof TimeBasisSchema>;

/** A speed factor: this machine's CPU time for a reference workload over the reference machine's (> 1: slower). */
export const SpeedFactorSchema = z.number().positive().max(1000);

/** A node's calibration as `/health` shows it: its factor, and each language's. */
export const CalibrationSchema = z.object({
  factor: SpeedFactorSchema.describe("The median of the languages' factors."),
  languages: z
    .record(z.string(), SpeedFactorSchema)
    .describe("Each language's factor: its reference program's CPU time here over the reference machine's."),
  measuredAt: z.string().describe('When `judge calibrate` measured it (ISO 8601).'),
  reference: z.string().describe('The reference workload it was measured against (its version).'),
});
export type Calibration = z.infer<typeof CalibrationSchema>;

/** What a result says of the judging node's speed (present when the node is calibrated). */
export const ResultCalibrationSchema = z.object({
  factor: SpeedFactorSchema.describe("The judging node's factor for the submission's language."),
  referenceTimeMs: z
    .number()
    .int()
    .optional()
    .describe(
      "The problem's time limit for the reference machine, when its time basis is `reference`: `limits.timeMs` is it times `factor`, rounded up (and capped by the node).",
    ),
});
export type ResultCalibration = z.infer<typeof ResultCalibrationSchema>;

/** A time limit for the reference machine on a machine of the given factor: rounded up to a millisecond. */
export function scaledTimeMs(referenceMs: number, factor: number): number {
  return Math.max(1, Math.ceil(referenceMs * factor - 1e-9));
}

/**
 * Answer header of a node: its speed factor, or `none` when its workers are
 * not calibrated. The edge learns each region's calibration from it.
 */
export const SPEED_HEADER = 'x-judge-speed';

/**
 * Header of a node's 503 `uncalibrated` answer (a submission to a problem
 * whose limits are for the reference machine, on a node that cannot scale
 * them): the problem's id. The edge then tries a calibrated region.
 */
export const REFERENCE_PROBLEM_HEADER = 'x-judge-reference-problem';

/** What a region says of its workers' speed: calibrated (every worker), with the lowest and highest factor. */
export type RegionSpeed = { calibrated: true; min: number; max: number } | { calibrated: false };

/** The value of {@link SPEED_HEADER}: `1.25`, `1.1-1.4` (workers differ), or `none`. */
export function formatSpeedHeader(speed: RegionSpeed): string {
  if (!speed.calibrated) return 'none';
  return speed.min === speed.max ? String(speed.min) : `${speed.min}-${speed.max}`;
}

/** Reads {@link SPEED_HEADER}; undefined when absent or not understood. */
export function parseSpeedHeader(value: string | null | undefined): RegionSpeed | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (v === 'none') return { calibrated: false };
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(v);
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (!(min > 0) || !(max >= min)) return undefined;
  return { calibrated: true, min, max };
}
