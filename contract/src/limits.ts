import { z } from 'zod';

/**
 * The bounds of each limit: what a request may ask for, what a problem may
 * set, and the range of a node's caps and defaults. Nodes and problems
 * compose these fields; nobody writes the bounds again.
 */
export const LIMIT_FIELDS = {
  timeMs: z.number().int().min(1).max(60_000).describe('CPU time per test, ms.'),
  memoryMb: z.number().int().min(1).max(8192).describe('Peak memory per test, MiB.'),
  outputKb: z
    .number()
    .int()
    .min(1)
    .max(256 * 1024)
    .describe('stdout per test, KiB.'),
};

/** Every limit, each within its bounds: what a run is judged under. */
export const ResolvedLimitsSchema = z.object(LIMIT_FIELDS).strict();
export type ResolvedLimits = z.infer<typeof ResolvedLimitsSchema>;

/**
 * Resource limits of one run as a request or a problem gives them: every
 * field optional, capped by the node.
 */
export const LimitsSchema = ResolvedLimitsSchema.partial();
export type Limits = z.infer<typeof LimitsSchema>;

/** Limits where neither the request, its problem nor the node's configuration sets them. */
export const DEFAULT_LIMITS: ResolvedLimits = { timeMs: 2000, memoryMb: 256, outputKb: 1024 };
