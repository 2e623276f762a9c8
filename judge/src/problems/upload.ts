import type { ProblemUploadInput } from '@judge/contract';
import { type LoadedProblem, prepareTests } from './load.js';

/** Bytes as UTF-8 text when they are that exactly, else undefined. */
function asText(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString('utf8');
  return Buffer.from(text, 'utf8').equals(Buffer.from(bytes)) ? text : undefined;
}

/**
 * The body of `PUT /v1/problems/:id` for a problem directory read by
 * `loadProblem` (what `judge problem push` sends, and what a node imports
 * from its problems directory): a test whose input or output is not UTF-8
 * goes as base64.
 */
export async function uploadFromLoaded(loaded: LoadedProblem): Promise<ProblemUploadInput> {
  const tests = await prepareTests(loaded);
  // An interactive problem has no checker: its interactor (with its source) judges.
  const problem = loaded.interactor
    ? { ...loaded.problem, interactor: loaded.interactor }
    : { ...loaded.problem, checker: loaded.checker };
  return {
    problem,
    tests: tests.map((t) => {
      const input = asText(t.input);
      const answer = t.output === undefined ? undefined : asText(t.output);
      if (input === undefined || (t.output !== undefined && answer === undefined)) {
        const test = { name: t.name, input: Buffer.from(t.input).toString('base64'), encoding: 'base64' as const };
        return t.output === undefined ? test : { ...test, output: Buffer.from(t.output).toString('base64') };
      }
      return answer === undefined ? { name: t.name, input } : { name: t.name, input, output: answer };
    }),
  };
}
