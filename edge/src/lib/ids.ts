/**
 * Submission ids at the edge carry their region: `<regionId>.<node id>`.
 * Region ids have no dot, so the first dot splits them.
 */
export function prefixId(regionId: string, nodeId: string): string {
  return `${regionId}.${nodeId}`;
}

/** The region and node id of an edge id, or null when it names no region. */
export function splitId(edgeId: string): { regionId: string; nodeId: string } | null {
  const dot = edgeId.indexOf('.');
  if (dot <= 0 || dot === edgeId.length - 1) return null;
  return { regionId: edgeId.slice(0, dot), nodeId: edgeId.slice(dot + 1) };
}

/** Rewrites a result object's `id` (the node's) to the edge id; anything else is returned as is. */
export function rewriteId(value: unknown, regionId: string, nodeId?: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string' || (nodeId !== undefined && record.id !== nodeId)) return value;
  return { ...record, id: prefixId(regionId, record.id) };
}
