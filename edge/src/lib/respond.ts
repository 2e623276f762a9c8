import { prefixId, rewriteId } from './ids.js';

/**
 * A node's JSON answer with the node id turned into the edge id (`body.id` and
 * a Location header); other answers are returned as they are.
 */
export async function withEdgeIds(response: Response, regionId: string, nodeId?: string): Promise<Response> {
  if (response.status >= 300 || !response.headers.get('content-type')?.includes('json')) return response;
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: response.headers });
  }
  const rewritten = rewriteId(value, regionId, nodeId);
  const headers = new Headers(response.headers);
  const location = headers.get('location');
  const id = (value as { id?: unknown } | null)?.id;
  if (location && typeof id === 'string') {
    headers.set('location', location.replace(`/v1/submissions/${id}`, `/v1/submissions/${prefixId(regionId, id)}`));
  }
  return new Response(JSON.stringify(rewritten), { status: response.status, headers });
}
