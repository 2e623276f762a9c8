import { describe, expect, it } from 'vitest';
import { ctx, records, samples } from '../test/fixtures.js';
import { analyze } from './analyze.js';
import { summaryMarkdown } from './markdown.js';

describe('summary.md', () => {
  it('holds the counts, every criterion with its verdict, the bottleneck and links to charts', () => {
    const r = analyze(
      records(100, 60, { outcome: (k) => (k % 10 === 0 ? { o: 'verdict', v: 'WA' } : {}) }),
      samples(60),
      ctx('burst', 0.1, 1),
    );
    const md = summaryMarkdown(
      [r],
      { title: 't', generatedAt: '2026-11-30T12:00:00Z', command: 'npm run load -- burst', conditions: ['2 cores'] },
      () => ['latency'],
    );
    expect(md).toContain('Run `npm run load -- burst`, 2026-11-30T12:00:00Z.\n\n- 2 cores');
    expect(md).toContain('#### Burst: 1000 submissions in one minute: FAIL');
    expect(md).toContain('| 100 | 100 | 90 | 10 | 0 | 0 | 0 | 0 |');
    expect(md).toContain('| Success rate | > 95.0% | 90.0% | **FAIL** |');
    expect(md).toContain('| P95 latency | < 3000 ms | 400 ms | pass |');
    expect(md).toContain('Bottleneck: none at this rate');
    expect(md).toContain('![burst latency](load-testing/burst-latency.png)');
  });
});
