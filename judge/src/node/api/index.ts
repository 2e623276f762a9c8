export { RETRY_AFTER_S } from './accept.js';
export { Access, type Caller } from './access.js';
export { buildApi } from './app.js';
export type { ApiDeps, OpsDeps } from './deps.js';
export { openApiDocument } from './openapi.js';
export { healthReport, opsRoutes } from './ops.js';
export { timestampMs, verifySignature } from './signature.js';
