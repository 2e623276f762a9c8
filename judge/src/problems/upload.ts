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
  return {
    problem: { ...loaded.problem, checker: loaded.checker },
    tests: tests.map((t) => {
      const output = t.output ?? new Uint8Array();
      const input = asText(t.input);
      const answer = asText(output);
      if (input === undefined || answer === undefined) {
        return {
          name: t.name,
          input: Buffer.from(t.input).toString('base64'),
          output: Buffer.from(output).toString('base64'),
          encoding: 'base64' as const,
        };
      }
      return { name: t.name, input, output: answer };
    }),
  };
}
