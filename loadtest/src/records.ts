import { readFileSync } from 'node:fs';

/** How an arrival ended (the Locust file writes one record per arrival). */
export type Outcome = 'ac' | 'verdict' | 'http' | 'transport' | 'timeout' | 'dropped';

/** One arrival, as locustfile.py records it. Times are epoch milliseconds. */
export interface ArrivalRecord {
  /** Index in the schedule. */
  k: number;
  /** Language and complexity. */
  l: string;
  c: string;
  /** When it was due, sent, and when its outcome was known. */
  ts: number;
  tx?: number;
  td?: number;
  o: Outcome;
  /** Final verdict. */
  v?: string;
  /** HTTP status of the last answer. */
  s?: number;
  /** The node's own time for it: createdAt to finishedAt. */
  n?: number;
  /** The compile step was answered from the cache. */
  cc?: boolean;
  /** Error text. */
  e?: string;
}

export function readRecords(file: string): ArrivalRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: ArrivalRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim()) out.push(JSON.parse(line) as ArrivalRecord);
  }
  return out.sort((a, b) => a.k - b.k);
}

/** Submission to final verdict (or to the time-out), for the records that have one. */
export function latencyOf(r: ArrivalRecord): number | undefined {
  if (r.tx === undefined || r.td === undefined) return undefined;
  if (r.o === 'ac' || r.o === 'verdict' || r.o === 'timeout') return r.td - r.tx;
  return undefined;
}

/** The arrival got no verdict: an HTTP error, a failed connection, a time-out, or it was never sent. */
export function isError(r: ArrivalRecord): boolean {
  return r.o === 'http' || r.o === 'transport' || r.o === 'timeout' || r.o === 'dropped';
}
