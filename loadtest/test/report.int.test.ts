import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { chartNames, renderHtml, renderInChromium, writeReport } from '../src/report.js';
import { ctx, records, samples } from './fixtures.js';

// The report page in a real browser: Debian's chromium, headless (scripts/bootstrap.sh installs it).

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const cx = (k: number) => ['simple', 'medium', 'complex'][k % 3]!;
const runs = () => [
  analyze(
    records(300, 60, {
      latency: (k) => 300 + (k % 17) * 40,
      outcome: (k) => (k % 50 === 0 ? { o: 'verdict', v: 'WA' } : {}),
    }),
    samples(60, (i) => ({ queueDepth: i % 5, utilization: 0.4 + (i % 3) / 10 })),
    ctx('sustained', 0.05, 0.1),
  ),
  analyze(
    records(200, 48, { complexity: cx, latency: (k) => ({ simple: 900, medium: 2500, complex: 4000 })[cx(k)]! }),
    samples(48),
    ctx('compilation', 0.05, 0.1),
  ),
];

describe('the report', () => {
  it('renders every chart in headless Chromium, self-contained, and writes each as a PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'judge-load-report-'));
    const results = runs();
    const { html, pngs } = await writeReport(dir, results, {
      title: 'test report',
      generatedAt: new Date(0).toISOString(),
      command: 'npm run load -- all',
      conditions: ['made up for a test'],
    });
    const page = readFileSync(html, 'utf8');
    // Self-contained: no script, style or image from elsewhere.
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(page).toContain('Chart.js v4.5.1');

    const check = await renderInChromium(html, false);
    expect(check.errors).toEqual([]);
    const expected = results.flatMap((r) => chartNames(r).map((c) => `${r.summary.scenario}-${c}`));
    expect(expected).toContain('compilation-complexity');
    expect(expected).not.toContain('sustained-complexity');
    expect(check.rendered).toBe(expected.length);
    expect(check.charts.map((c) => c.id).sort()).toEqual([...expected].sort());
    // Every chart drew something besides its frame: axes, labels and lines leave ink.
    for (const c of check.charts) expect(c.ink, c.id).toBeGreaterThan(1500);

    expect(pngs.map((f) => f.slice(dir.length + 1)).sort()).toEqual(expected.map((e) => `charts/${e}.png`).sort());
    for (const f of pngs) expect(pngSize(readFileSync(f))).toEqual({ width: 900, height: 340 });
  }, 180_000);

  it('reports a chart that fails to draw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'judge-load-report-'));
    const results = runs().slice(0, 1);
    const broken = renderHtml(results, { title: 't', generatedAt: '', command: '', conditions: [] }).replace(
      'id="sustained-queue"',
      'id="sustained-queue-gone"',
    );
    const file = join(dir, 'broken.html');
    (await import('node:fs')).writeFileSync(file, broken);
    const check = await renderInChromium(file, false);
    expect(check.errors).toEqual(['sustained-queue: no canvas sustained-queue']);
    expect(check.rendered).toBe(chartNames(results[0]!).length - 1);
  }, 180_000);
});
