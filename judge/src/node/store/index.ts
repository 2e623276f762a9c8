export { type Db, type OpenDbOptions, openDb, type Queryable } from './db.js';
export { describePostgres, type StoreIdentity, storeIdentity } from './identity.js';
export { MIGRATIONS, migrate } from './migrations.js';
export { ProblemStore } from './problems.js';
export {
  type Claim,
  type Finished,
  type SubmissionApi,
  type SubmissionRecord,
  SubmissionStore,
} from './submissions.js';
