import type { Checker, Problem, ProblemInfo, ProblemUpload } from '@judge/contract';
import type { PreparedTest, ResolvedProblem } from '../../model/index.js';
import type { Db } from './db.js';

interface ProblemRow {
  id: string;
  spec: Problem;
  checker: Checker;
  version: number;
  test_count: number;
}

function info(row: ProblemRow): ProblemInfo {
  const p = row.spec;
  const out: ProblemInfo = { id: row.id, tests: row.test_count, samples: p.samples };
  // An interactive problem has no checker; its interactor's source is never shown.
  if (p.interactor) out.interactive = true;
  else out.checker = { type: row.checker.type };
  if (p.title) out.title = p.title;
  if (p.limits) out.limits = p.limits;
  if (p.timeBasis) out.timeBasis = p.timeBasis;
  if (p.subtasks) out.subtasks = p.subtasks;
  if (p.stopOnFailure !== undefined) out.stopOnFailure = p.stopOnFailure;
  return out;
}

/** Problems with their test data, in the database so that every worker of a region reads the same. */
export class ProblemStore {
  private cache = new Map<string, { version: number; problem: ResolvedProblem }>();

  constructor(
    private readonly db: Db,
    /** Problems kept in memory by workers. @defaultValue 32 */
    private readonly cacheSize = 32,
  ) {}

  /** Creates or replaces a problem; returns its new version. */
  async put(upload: ProblemUpload): Promise<number> {
    const { problem, tests } = upload;
    const checker: Checker = problem.checker ?? { type: 'tokens' };
    const decode = (s: string | undefined, enc: 'utf8' | 'base64') => Buffer.from(s ?? '', enc);
    const samples = new Set(problem.samples);
    return this.db.tx(async (q) => {
      const rows = await q.query<{ version: number }>(
        `insert into problems (id, spec, checker, test_count) values ($1, $2::text::jsonb, $3::text::jsonb, $4)
         on conflict (id) do update set spec = excluded.spec, checker = excluded.checker,
           test_count = excluded.test_count, version = problems.version + 1, updated_at = now()
         returning version`,
        [problem.id, JSON.stringify(problem), JSON.stringify(checker), tests.length],
      );
      await q.query('delete from problem_tests where problem_id = $1', [problem.id]);
      for (const [ord, t] of tests.entries()) {
        await q.query(
          'insert into problem_tests (problem_id, ord, name, input, output, sample) values ($1, $2, $3, $4, $5, $6)',
          [problem.id, ord, t.name, decode(t.input, t.encoding), decode(t.output, t.encoding), samples.has(t.name)],
        );
      }
      return rows[0]!.version;
    });
  }

  async list(): Promise<ProblemInfo[]> {
    const rows = await this.db.query<ProblemRow>(
      'select id, spec, checker, version, test_count from problems order by id',
    );
    return rows.map(info);
  }

  async info(id: string): Promise<ProblemInfo | undefined> {
    const rows = await this.db.query<ProblemRow>(
      'select id, spec, checker, version, test_count from problems where id = $1',
      [id],
    );
    return rows[0] ? info(rows[0]) : undefined;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.query('select 1 from problems where id = $1', [id])).length > 0;
  }

  /** The problem with its test data, from memory while its version is unchanged. */
  async resolve(id: string): Promise<ResolvedProblem | undefined> {
    const head = await this.db.query<{ version: number }>('select version from problems where id = $1', [id]);
    if (!head[0]) return undefined;
    const cached = this.cache.get(id);
    if (cached && cached.version === head[0].version) {
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached.problem;
    }
    return this.db.tx(async (q) => {
      const rows = await q.query<ProblemRow>(
        'select id, spec, checker, version, test_count from problems where id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      const tests = await q.query<{ name: string; input: Uint8Array; output: Uint8Array; sample: boolean }>(
        'select name, input, output, sample from problem_tests where problem_id = $1 order by ord',
        [id],
      );
      const problem: ResolvedProblem = {
        problem: row.spec,
        checker: row.checker,
        ...(row.spec.interactor ? { interactor: row.spec.interactor } : {}),
        tests: tests.map(
          (t): PreparedTest => ({
            name: t.name,
            input: new Uint8Array(t.input),
            output: new Uint8Array(t.output),
            sample: t.sample,
          }),
        ),
      };
      this.cache.set(id, { version: row.version, problem });
      while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
      return problem;
    });
  }
}
