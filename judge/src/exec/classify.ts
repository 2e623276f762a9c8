import type { LanguagePack, ResolvedLimits, Verdict } from '@judge/contract';
import type { RunUsage } from '../sandbox/index.js';
import { memoryThresholdKb } from './spec.js';

/**
 * The verdict a run earns by how it ended, before its output is checked;
 * undefined when it ended normally and the checker decides.
 */
export function classifyRun(usage: RunUsage, pack: LanguagePack, limits: ResolvedLimits): Verdict | undefined {
  if (usage.oomKilled || usage.memoryLimitExceeded || usage.rssKb > memoryThresholdKb(pack, limits)) return 'MLE';
  const pattern = pack.memory.outOfMemoryPattern;
  if (pattern && usage.exitCode !== 0 && Buffer.from(usage.stderr).toString('utf8').includes(pattern)) return 'MLE';
  if (usage.cpuTimedOut || usage.wallTimedOut || usage.cpuMs > limits.timeMs) return 'TLE';
  if (usage.outputLimitExceeded) return 'OLE';
  if (usage.signal !== null || usage.exitCode !== 0) return 'RE';
  return undefined;
}
