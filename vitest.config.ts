import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; integration tests (real Docker, Redis,
// PostgreSQL) live in <workspace>/test and run one file at a time: the
// machine has two cores and the sandboxes share them.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'contract/src/**/*.test.ts',
            'judge/src/**/*.test.ts',
            'cli/src/**/*.test.ts',
            'loadtest/src/**/*.test.ts',
            'scripts/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'int',
          include: [
            'judge/test/**/*.int.test.ts',
            'cli/test/**/*.int.test.ts',
            'deploy/test/**/*.int.test.ts',
            'loadtest/test/**/*.int.test.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
