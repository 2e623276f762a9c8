export { RETRY_AFTER_S } from './accept.js';
export { buildApi, healthReport } from './app.js';
export type { ApiDeps } from './deps.js';
export { openApiDocument } from './openapi.js';
export { timestampMs, verifySignature } from './signature.js';
