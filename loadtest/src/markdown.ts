import type { ScenarioResult } from './analyze.js';
import type { CriterionResult } from './criteria.js';
import type { ReportMeta } from './report.js';

function value(c: CriterionResult, v: number | null): string {
  if (v === null) return 'not measurable';
  switch (c.unit) {
    case 'ratio':
      return `${(v * 100).toFixed(1)}%`;
    case 'ms':
      return `${Math.round(v)} ms`;
    case 'bytes':
      return `${(v / 2 ** 20).toFixed(1)} MiB`;
    case 'per s':
      return `${v.toFixed(2)}/s`;
    default:
      return `${Math.round(v * 100) / 100} ${c.unit}`;
  }
}

const ms = (v: number | undefined) => (v === undefined ? '—' : `${Math.round(v)} ms`);

/** A run as Markdown, ready for docs/load-testing.md: conditions, counts, criteria, bottleneck. */
export function summaryMarkdown(
  results: ScenarioResult[],
  meta: ReportMeta,
  charts: (scenario: string) => string[],
): string {
  const out: string[] = [
    `Run \`${meta.command}\`, ${meta.generatedAt}.`,
    '',
    ...meta.conditions.map((c) => `- ${c}`),
    '',
  ];
  for (const { summary: s } of results) {
    out.push(
      `#### ${s.title}: ${s.pass ? 'PASS' : 'FAIL'}`,
      '',
      `Rate scale ${s.rateScale.toFixed(4)}, duration scale ${s.durationScale}: ${s.durationS.toFixed(0)} s of arrivals at ` +
        `${s.targetRps.toFixed(2)}/s on average (peak ${s.peakTargetRps.toFixed(2)}/s)${s.throughEdge ? `, through the edge ${s.target}` : ''}.`,
      '',
      '| offered | sent | AC | other verdicts | HTTP errors | connection errors | timed out | dropped | achieved | P50 | P95 | P99 |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${s.offered} | ${s.sent} | ${s.accepted} | ${s.otherVerdicts} | ${s.httpErrors} | ${s.connectionErrors} | ${s.timedOut} | ${s.dropped} | ` +
        `${s.achievedRps.toFixed(2)}/s | ${ms(s.latency.p50)} | ${ms(s.latency.p95)} | ${ms(s.latency.p99)} |`,
      '',
      '| criterion | target | measured | |',
      '| --- | --- | --- | --- |',
      ...s.criteria.map(
        (c) =>
          `| ${c.name} | ${c.op} ${value(c, c.target)} | ${value(c, c.value)} | ${c.pass ? 'pass' : `**FAIL**${c.note?.startsWith('not measurable') ? ` (${c.note})` : ''}`} |`,
      ),
      '',
      `Bottleneck: ${s.bottleneck.verdict}.`,
      ...s.bottleneck.evidence.map((e) => `- ${e}`),
      ...(s.throughEdge && s.node.edgeAddedMs.p50 !== undefined
        ? [
            `- the edge added ${ms(s.node.edgeAddedMs.p50)} at P50 and ${ms(s.node.edgeAddedMs.p95)} at P95 to a read (${s.node.edgeAddedMs.count} paired probes)`,
          ]
        : []),
      '',
      ...charts(s.scenario).map((c) => `![${s.scenario} ${c}](load-testing/${s.scenario}-${c}.png)`),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}
