import type {
  CompileResult,
  ResolvedLimits,
  ResultCalibration,
  Status,
  SubmissionRequest,
  SubmissionResult,
  SubtaskResult,
  TestResult,
  Verdict,
} from '@judge/contract';
import type { JudgeOutcome } from '../../model/index.js';
import type { Db } from './db.js';

interface SubmissionRow {
  id: string;
  status: Status;
  language: string;
  problem: string | null;
  verdict: Verdict | null;
  score: number | null;
  compile: CompileResult | null;
  subtasks: SubtaskResult[] | null;
  time_ms: number | null;
  memory_kb: number | null;
  limits: ResolvedLimits | null;
  calibration: ResultCalibration | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** What a worker needs to judge a submission, at the start of one attempt. */
export interface Claim {
  attempt: number;
  language: string;
  problem: string | undefined;
  request: SubmissionRequest;
}

/** The final state a worker writes: what the engine produced. */
export type Finished = JudgeOutcome;

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const COLUMNS =
  'id, status, language, problem, verdict, score, compile, subtasks, time_ms, memory_kb, limits, calibration, error, created_at, finished_at';

function toResult(row: SubmissionRow, tests: TestResult[]): SubmissionResult {
  const r: SubmissionResult = {
    id: row.id,
    status: row.status,
    language: row.language,
    tests,
    createdAt: new Date(row.created_at).toISOString(),
  };
  if (row.problem) r.problem = row.problem;
  if (row.verdict) r.verdict = row.verdict;
  if (row.score !== null) r.score = row.score;
  if (row.compile) r.compile = row.compile;
  if (row.subtasks) r.subtasks = row.subtasks;
  if (row.time_ms !== null) r.timeMs = row.time_ms;
  if (row.memory_kb !== null) r.memoryKb = row.memory_kb;
  if (row.limits) r.limits = row.limits;
  if (row.calibration) r.calibration = row.calibration;
  if (row.error) r.error = row.error;
  if (row.finished_at) r.finishedAt = new Date(row.finished_at).toISOString();
  return r;
}

/**
 * Submissions and their per-test results. Writes during judging carry the
 * attempt number they belong to, so an attempt that lost its job (a worker
 * taken for dead) can no longer change the record.
 */
/** The API a submission came by: it decides how its result is shown to callbacks. */
export type SubmissionApi = 'v1' | 'judge0' | 'piston';

/** What a new submission is stored with. */
export interface NewSubmission {
  id: string;
  language: string;
  problem?: string;
  request: SubmissionRequest;
  /** @defaultValue v1 */
  api?: SubmissionApi;
}

/** A submission with the request it was made with and the API it came by. */
export interface SubmissionRecord {
  result: SubmissionResult;
  request: SubmissionRequest;
  api: SubmissionApi;
}

export class SubmissionStore {
  constructor(private readonly db: Db) {}

  /** Stores a new submission as queued. */
  async create(s: NewSubmission): Promise<SubmissionResult> {
    return (await this.createOnce(s)).result;
  }

  /**
   * Stores a submission unless one with its id exists (a retried request
   * with the same idempotency key): then the stored one comes back, with
   * `created: false`.
   */
  async createOnce(s: NewSubmission): Promise<{ result: SubmissionResult; created: boolean }> {
    const rows = await this.db.query<SubmissionRow>(
      `insert into submissions (id, status, language, problem, request, api)
       values ($1, 'queued', $2, $3, $4::text::jsonb, $5)
       on conflict (id) do nothing
       returning ${COLUMNS}`,
      [s.id, s.language, s.problem ?? null, JSON.stringify(s.request), s.api ?? 'v1'],
    );
    if (rows[0]) return { result: toResult(rows[0], []), created: true };
    const existing = await this.get(s.id);
    if (!existing) throw new Error(`submission ${s.id} vanished while being created`);
    return { result: existing, created: false };
  }

  async get(id: string): Promise<SubmissionResult | undefined> {
    const rows = await this.db.query<SubmissionRow>(`select ${COLUMNS} from submissions where id = $1`, [id]);
    if (!rows[0]) return undefined;
    const tests = await this.db.query<{ result: TestResult }>(
      'select result from submission_tests where submission_id = $1 order by idx',
      [id],
    );
    return toResult(
      rows[0],
      tests.map((t) => t.result),
    );
  }

  /** Submissions with their requests, in the order of `ids`; the unknown ones left out. */
  async getMany(ids: string[]): Promise<SubmissionRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<SubmissionRow & { request: SubmissionRequest; api: SubmissionApi }>(
      `select ${COLUMNS}, request, api from submissions where id = any($1::text[])`,
      [ids],
    );
    const tests = await this.db.query<{ submission_id: string; result: TestResult }>(
      'select submission_id, result from submission_tests where submission_id = any($1::text[]) order by idx',
      [rows.map((r) => r.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const own = tests.filter((t) => t.submission_id === id).map((t) => t.result);
      return [{ result: toResult(row, own), request: row.request, api: row.api }];
    });
  }

  /** Starts an attempt: bumps the attempt number and clears what an earlier one left. Undefined once done. */
  async claim(id: string): Promise<Claim | undefined> {
    // One statement, so one round trip and atomic without a transaction.
    const rows = await this.db.query<{
      attempt: number;
      language: string;
      problem: string | null;
      request: SubmissionRequest;
    }>(
      `with claimed as (
         update submissions set attempt = attempt + 1, status = 'queued', compile = null, started_at = now()
         where id = $1 and status <> 'done' returning attempt, language, problem, request
       ), cleared as (
         delete from submission_tests where submission_id = $1 and exists (select 1 from claimed)
       )
       select attempt, language, problem, request from claimed`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { attempt: row.attempt, language: row.language, problem: row.problem ?? undefined, request: row.request };
  }

  /**
   * Writes an attempt's progress in one statement: its status, its compile
   * result, tests finished since the last write. False when the attempt is no
   * longer current (nothing is written then). Progress is written without
   * waiting for the disk (`Db.relaxed`): `finish` writes the whole result again.
   */
  async progress(
    id: string,
    attempt: number,
    p: { status?: 'compiling' | 'running'; compile?: CompileResult; tests?: TestResult[] },
  ): Promise<boolean> {
    const rows = await this.db.relaxed.query<{ n: number }>(
      `with current as (
         update submissions set status = coalesce($3::text, status), compile = coalesce($4::text::jsonb, compile)
         where id = $1 and attempt = $2 and status <> 'done' returning id
       ), tests as (
         insert into submission_tests (submission_id, idx, attempt, result)
         select $1, (e->>'index')::int, $2, e from current, jsonb_array_elements($5::text::jsonb) as e
         on conflict (submission_id, idx) do update set result = excluded.result, attempt = excluded.attempt
       )
       select count(*)::int as n from current`,
      [id, attempt, p.status ?? null, json(p.compile), JSON.stringify(p.tests ?? [])],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /**
   * Writes the final result once: the stored result, or undefined when the
   * submission is done already or (with an attempt) that attempt is no longer
   * current. Durable: its commit waits for the disk.
   */
  async finish(id: string, attempt: number | null, out: Finished): Promise<SubmissionResult | undefined> {
    // The tests of the current attempt are the only ones stored (claim clears older ones): the final
    // list replaces them row by row, in the same statement as the update.
    const rows = await this.db.query<SubmissionRow>(
      `with finished as (
         update submissions set status = 'done', verdict = $3, score = $4, compile = $5::text::jsonb,
           subtasks = $6::text::jsonb, time_ms = $7, memory_kb = $8, error = $9, limits = $11::text::jsonb,
           calibration = $12::text::jsonb, finished_at = now()
         where id = $1 and status <> 'done' and ($2::int is null or attempt = $2::int) returning *
       ), tests as (
         insert into submission_tests (submission_id, idx, attempt, result)
         select $1, (e->>'index')::int, finished.attempt, e
         from finished, jsonb_array_elements($10::text::jsonb) as e
         on conflict (submission_id, idx) do update set result = excluded.result, attempt = excluded.attempt
       )
       select ${COLUMNS} from finished`,
      [
        id,
        attempt,
        out.verdict,
        out.score,
        json(out.compile),
        json(out.subtasks),
        out.timeMs,
        out.memoryKb,
        out.error ?? null,
        JSON.stringify(out.tests),
        json(out.limits),
        json(out.calibration),
      ],
    );
    return rows[0] ? toResult(rows[0], out.tests) : undefined;
  }

  /** Unfinished submissions created before `olderThanMs` ago, oldest first. */
  async unfinished(olderThanMs: number, limit = 500): Promise<{ id: string; status: Status; attempt: number }[]> {
    return this.db.query(
      `select id, status, attempt from submissions
       where status <> 'done' and created_at <= now() - ($1::int * interval '1 millisecond')
       order by created_at limit $2`,
      [olderThanMs, limit],
    );
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.query('select 1 from submissions where id = $1', [id])).length > 0;
  }
}
