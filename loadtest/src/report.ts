import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScenarioResult, Summary } from './analyze.js';
import type { CriterionResult } from './criteria.js';

/** Everything a report page shows besides the scenarios: how and where the run was made. */
export interface ReportMeta {
  title: string;
  generatedAt: string;
  command: string;
  conditions: string[];
  checklist?: { name: string; ok: boolean; detail: string }[];
  calibration?: Record<string, unknown>;
  /** The scaling table computed from the calibration (Markdown). */
  capacity?: string;
}

/** Chart names a scenario's section draws (the PNGs are `<scenario>-<name>.png`). */
export function chartNames(r: ScenarioResult): string[] {
  const names = ['latency', 'rate', 'errors', 'queue', 'workers', 'languages', 'node', 'resources', 'reads'];
  if (r.series.complexities.length > 1) names.splice(6, 0, 'complexity');
  return names;
}

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function fmt(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  switch (unit) {
    case 'ratio':
      return `${(v * 100).toFixed(2)}%`;
    case 'ms':
      return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
    case 'bytes':
      return `${(v / 2 ** 20).toFixed(1)} MiB`;
    case 'per s':
      return `${v.toFixed(2)}/s`;
    default:
      return `${Math.round(v * 100) / 100} ${unit}`;
  }
}

function criteriaRows(c: CriterionResult[]): string {
  return c
    .map(
      (x) =>
        `<tr class="${x.pass ? 'pass' : 'fail'}"><td>${esc(x.name)}</td><td>${esc(x.op)} ${esc(fmt(x.target, x.unit))}</td>` +
        `<td>${esc(fmt(x.value, x.unit))}</td><td>${x.pass ? 'PASS' : 'FAIL'}</td><td>${esc(x.note ?? '')}</td></tr>`,
    )
    .join('');
}

function pctRow(
  name: string,
  p: { count: number; p50?: number; p90?: number; p95?: number; p99?: number; max?: number },
) {
  return `<tr><td>${esc(name)}</td><td>${p.count}</td>${[p.p50, p.p90, p.p95, p.p99, p.max]
    .map((v) => `<td>${esc(fmt(v, 'ms'))}</td>`)
    .join('')}</tr>`;
}

function section(r: ScenarioResult): string {
  const s: Summary = r.summary;
  const n = s.node;
  const id = s.scenario;
  const charts = chartNames(r)
    .map((c) => `<figure><canvas id="${id}-${c}" width="900" height="340"></canvas></figure>`)
    .join('');
  const kv = (rows: [string, string][]) =>
    `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
  return `<section id="${id}">
<h2>${esc(s.title)} <span class="badge ${s.pass ? 'pass' : 'fail'}">${s.pass ? 'PASS' : 'FAIL'}</span></h2>
<p>${esc(s.target)}${s.throughEdge ? ` (edge in front of ${esc(s.nodeUrl)})` : ''} · started ${esc(s.startedAt)} ·
rate scale ${s.rateScale.toFixed(3)} · duration scale ${s.durationScale} · ${s.durationS.toFixed(0)} s of arrivals ·
${s.locustWorkers ? `Locust master + ${s.locustWorkers} workers` : 'one Locust process'}</p>
<h3>Criteria</h3>
<table><tr><th>criterion</th><th>target</th><th>measured</th><th></th><th>note</th></tr>${criteriaRows(s.criteria)}</table>
<h3>Submissions</h3>
${kv([
  ['offered / sent', `${s.offered} / ${s.sent}`],
  ['final verdicts (AC / other)', `${s.completed} (${s.accepted} / ${s.otherVerdicts})`],
  ['HTTP errors / connection errors', `${s.httpErrors} / ${s.connectionErrors}`],
  ['timed out / dropped (no free slot in the generator)', `${s.timedOut} / ${s.dropped}`],
  ['target rate (mean / peak)', `${s.targetRps.toFixed(2)}/s / ${s.peakTargetRps.toFixed(2)}/s`],
  [
    'offered / sent / achieved (verdicts)',
    `${s.offeredRps.toFixed(2)}/s / ${s.sentRps.toFixed(2)}/s / ${s.achievedRps.toFixed(2)}/s`,
  ],
  ['verdicts', JSON.stringify(s.verdicts)],
  ['HTTP statuses', JSON.stringify(s.httpStatuses)],
  ['compile cache hits', s.compileCacheHitRate === undefined ? '—' : fmt(s.compileCacheHitRate, 'ratio')],
  ['send lag behind schedule (P50 / P99)', `${fmt(s.generatorLagMs.p50, 'ms')} / ${fmt(s.generatorLagMs.p99, 'ms')}`],
  ...s.errorSamples.map((e): [string, string] => [`error ×${e.count}`, e.error]),
])}
<h3>Latency (submission to verdict)</h3>
<table><tr><th></th><th>n</th><th>P50</th><th>P90</th><th>P95</th><th>P99</th><th>max</th></tr>
${pctRow('all', s.latency)}${Object.entries(s.latencyByComplexity)
  .map(([k, v]) => pctRow(k, v))
  .join(
    '',
  )}${pctRow(`outside the node's own timing${s.throughEdge ? ' (network, edge, API)' : ' (network, API)'}`, s.outsideNodeMs)}
${s.throughEdge ? pctRow('edge added to a read (paired probes)', n.edgeAddedMs) : ''}</table>
<table><tr><th>language</th><th>offered</th><th>AC</th><th>failed</th><th>P50</th><th>P95</th></tr>${Object.entries(
    s.byLanguage,
  )
    .map(
      ([l, x]) =>
        `<tr><td>${esc(l)}</td><td>${x.offered}</td><td>${x.accepted}</td><td>${x.failed}</td><td>${esc(fmt(x.p50, 'ms'))}</td><td>${esc(fmt(x.p95, 'ms'))}</td></tr>`,
    )
    .join('')}</table>
<h3>Where the time went</h3>
<p class="verdict">${esc(s.bottleneck.verdict)}</p>
<ul>${s.bottleneck.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>
${kv([
  ['worker slots', String(n.workerSlots ?? '—')],
  ['queue wait mean / P95 (node histogram)', `${fmt(n.queueWaitMs.mean, 'ms')} / ${fmt(n.queueWaitMs.p95, 'ms')}`],
  [
    'judging time mean / P95 (node histogram)',
    `${fmt(n.jobDurationMs.mean, 'ms')} / ${fmt(n.jobDurationMs.p95, 'ms')}`,
  ],
  [
    'node memory (RSS) first / last / max',
    `${fmt(n.rssBytes.first, 'bytes')} / ${fmt(n.rssBytes.last, 'bytes')} / ${fmt(n.rssBytes.max, 'bytes')}`,
  ],
  ['open handles first / last / max', `${n.handles.first ?? '—'} / ${n.handles.last ?? '—'} / ${n.handles.max ?? '—'}`],
  [
    'sandbox containers first / last / max',
    `${n.containers.first ?? '—'} / ${n.containers.last ?? '—'} / ${n.containers.max ?? '—'}`,
  ],
  ['utilization from', s.sources.utilization ?? 'not measurable'],
  ['containers from', s.sources.containers ?? 'not measurable'],
  ['machine CPU from', s.sources.hostCpu ?? 'not measurable'],
  ['reads from', s.sources.reads ?? 'not measurable'],
  ['series missing from /metrics', s.sources.missing.join(', ') || 'none'],
])}
<h3>Charts</h3>
${charts}
</section>`;
}

/** The page: tables, and charts drawn by Chart.js (inlined) from the run's data (inlined). */
export function renderHtml(results: ScenarioResult[], meta: ReportMeta): string {
  const require = createRequire(import.meta.url);
  // The UMD build is not among the package's exports: it sits beside the CommonJS entry.
  const chartJs = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  const data = JSON.stringify({
    results: results.map((r) => ({
      scenario: r.summary.scenario,
      charts: chartNames(r),
      series: r.series,
      summary: r.summary,
    })),
  }).replace(/</g, '\\u003c');
  const pass = results.every((r) => r.summary.pass);
  const overview = results
    .map(
      (r) =>
        `<tr class="${r.summary.pass ? 'pass' : 'fail'}"><td><a href="#${r.summary.scenario}">${esc(r.summary.scenario)}</a></td>` +
        `<td>${r.summary.offered}</td><td>${fmt(r.summary.successRate, 'ratio')}</td><td>${fmt(r.summary.latency.p95, 'ms')}</td>` +
        `<td>${r.summary.achievedRps.toFixed(2)}/s</td><td>${r.summary.criteria.filter((c) => !c.pass).length}</td>` +
        `<td>${r.summary.pass ? 'PASS' : 'FAIL'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(meta.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:960px;color:#1d232a;padding:0 1em}
h1{font-size:1.6em} h2{margin-top:2.5em;border-bottom:2px solid #dde} h3{margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;width:100%} td,th{border:1px solid #d5d9e0;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f3f5f8} tr.pass td:nth-child(4),tr.pass td:last-child{color:#126b2f} tr.fail td{background:#fff2f1}
.kv th{width:40%;font-weight:normal} .badge{font-size:.6em;padding:2px 8px;border-radius:4px;vertical-align:middle}
.badge.pass{background:#d9f2e1;color:#126b2f}.badge.fail{background:#fbd9d6;color:#8c1d12}
figure{margin:1em 0} canvas{border:1px solid #eee;max-width:100%} .verdict{font-weight:600}
#render-check,#render-errors{display:none} textarea{display:none}
</style></head><body>
<h1>${esc(meta.title)} <span class="badge ${pass ? 'pass' : 'fail'}">${pass ? 'PASS' : 'FAIL'}</span></h1>
<p>${esc(meta.command)} · generated ${esc(meta.generatedAt)}</p>
<ul>${meta.conditions.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<table><tr><th>scenario</th><th>offered</th><th>success</th><th>P95</th><th>achieved</th><th>failed criteria</th><th></th></tr>${overview}</table>
${
  meta.checklist
    ? `<h3>Pre-test checklist</h3><table>${meta.checklist
        .map(
          (c) =>
            `<tr class="${c.ok ? 'pass' : 'fail'}"><td>${esc(c.name)}</td><td>${c.ok ? 'ok' : 'FAILED'}</td><td>${esc(c.detail)}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${meta.capacity ? `<h3>Capacity</h3><pre>${esc(meta.capacity)}</pre>` : ''}
${meta.calibration ? `<h3>Calibration</h3><details><summary>steps</summary><pre>${esc(JSON.stringify(meta.calibration, null, 2))}</pre></details>` : ''}
${results.map(section).join('\n')}
<ul id="render-check"></ul><pre id="render-errors"></pre><div id="pngs"></div>
<script>${chartJs}</script>
<script id="data" type="application/json">${data}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

// The page's own script: builds every chart, then reports what it drew (for the render check)
// and, with #png in the address, each chart as a PNG data URL (for the PNG copies).
const PAGE_SCRIPT = String.raw`
(function () {
  const errors = [];
  window.addEventListener('error', (e) => errors.push(String(e.message)));
  const data = JSON.parse(document.getElementById('data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.responsive = false;
  Chart.defaults.devicePixelRatio = 1;
  Chart.defaults.font.size = 12;
  const C = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
  const xy = (t, ys) => ys.map((y, i) => ({ x: t[i], y: y })).filter((p) => p.y !== null && p.y !== undefined);
  const line = (label, t, ys, i, extra) =>
    Object.assign({ label, data: xy(t, ys), borderColor: C[i % C.length], backgroundColor: C[i % C.length], pointRadius: 0, borderWidth: 1.6, spanGaps: true }, extra || {});
  const flat = (label, t, v, i) => line(label, [t[0], t[t.length - 1]], [v, v], i, { borderDash: [6, 4] });
  const timeAxis = { type: 'linear', title: { display: true, text: 'seconds from start' } };
  const opts = (title, y, more) => Object.assign({ plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } }, scales: { x: timeAxis, y: Object.assign({ beginAtZero: true }, y) } }, more || {});
  const charts = {};
  function draw(id, config) {
    try {
      const el = document.getElementById(id);
      if (!el) throw new Error('no canvas ' + id);
      charts[id] = new Chart(el, config);
    } catch (e) {
      errors.push(id + ': ' + e.message);
    }
  }
  for (const r of data.results) {
    const s = r.series, p = r.scenario + '-', m = s.samples, sum = r.summary;
    const lt = s.t.map((x) => x + s.bucketS / 2);
    const targets = s.latencyTargets.map((x, i) => flat(x.name + ' target', lt, x.value, 3 + i));
    draw(p + 'latency', { type: 'line', data: { datasets: [line('P50', lt, s.p50, 0), line('P90', lt, s.p90, 1), line('P95', lt, s.p95, 2), line('P99', lt, s.p99, 3)].concat(targets) }, options: opts(sum.scenario + ': latency, submission to verdict (by send time)', { title: { display: true, text: 'ms' } }) });
    draw(p + 'rate', { type: 'line', data: { datasets: [line('target', lt, s.targetRate, 7, { borderDash: [6, 4] }), line('offered', lt, s.offered, 0), line('sent', lt, s.sent, 1), line('verdicts (achieved)', lt, s.verdicts, 2)] }, options: opts(sum.scenario + ': offered vs achieved rate', { title: { display: true, text: 'submissions per second' } }) });
    draw(p + 'errors', { type: 'line', data: { datasets: [line('errors (no verdict) % of sent', lt, s.errorPct, 3), line('dropped % of offered', lt, s.droppedPct, 1)] }, options: opts(sum.scenario + ': error rate over time', { title: { display: true, text: '%' } }) });
    const fit = s.queueFit ? [line('trend (least squares)', [s.queueFit.fromS, s.queueFit.toS], [s.queueFit.intercept, s.queueFit.intercept + s.queueFit.slopePerS * (s.queueFit.toS - s.queueFit.fromS)], 7, { borderDash: [6, 4] })] : [];
    draw(p + 'queue', { type: 'line', data: { datasets: [line('queue depth', m.t, m.queueDepth, 0), line('active jobs', m.t, m.activeJobs, 2)].concat(fit) }, options: opts(sum.scenario + ': queue depth', { title: { display: true, text: 'jobs' } }) });
    draw(p + 'workers', { type: 'line', data: { datasets: [line('worker utilization %', m.t, m.utilizationPct, 4), line('worker slots alive', m.t, m.workerSlots, 7, { yAxisID: 'slots' })] }, options: opts(sum.scenario + ': worker utilization (busy slots / slots)', { max: 100, title: { display: true, text: '%' } }, { scales: { x: timeAxis, y: { beginAtZero: true, max: 100, title: { display: true, text: '%' } }, slots: { position: 'right', beginAtZero: true, title: { display: true, text: 'slots' }, grid: { drawOnChartArea: false } } } }) });
    draw(p + 'languages', { type: 'bar', data: { labels: s.languages.map((l) => l.name), datasets: [{ label: 'AC', data: s.languages.map((l) => l.accepted), backgroundColor: C[2] }, { label: 'failed', data: s.languages.map((l) => l.failed), backgroundColor: C[3] }] }, options: { plugins: { title: { display: true, text: sum.scenario + ': language distribution' }, legend: { position: 'bottom' } }, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
    if (r.charts.includes('complexity')) {
      draw(p + 'complexity', { type: 'bar', data: { labels: s.complexities.map((c) => c.name), datasets: [{ label: 'P50', data: s.complexities.map((c) => c.p50), backgroundColor: C[0] }, { label: 'P95', data: s.complexities.map((c) => c.p95), backgroundColor: C[1] }, { label: 'P95 target', data: s.complexities.map((c) => c.target), backgroundColor: '#bbbbbb' }] }, options: { plugins: { title: { display: true, text: sum.scenario + ': latency by complexity (ms)' }, legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true } } } });
    }
    draw(p + 'node', { type: 'line', data: { datasets: [line('node process CPU % of a core', m.t, m.cpuPct, 0), line('machine CPU %', m.t, m.hostCpuPct, 1), line('node RSS MiB', m.t, m.rssMB, 2, { yAxisID: 'mem' }), line('node heap used MiB', m.t, m.heapMB, 4, { yAxisID: 'mem' })] }, options: opts(sum.scenario + ': node CPU and memory', { title: { display: true, text: 'CPU %' } }, { scales: { x: timeAxis, y: { beginAtZero: true, title: { display: true, text: 'CPU %' } }, mem: { position: 'right', beginAtZero: true, title: { display: true, text: 'MiB' }, grid: { drawOnChartArea: false } } } }) });
    draw(p + 'resources', { type: 'line', data: { datasets: [line('open handles', m.t, m.handles, 5), line('sandbox containers', m.t, m.containers, 6)] }, options: opts(sum.scenario + ': node handles and sandbox containers', {}) });
    draw(p + 'reads', { type: 'line', data: { datasets: [line('GET /health on the node', m.t, m.healthMs, 0), line('read on the node', m.t, m.readMs, 2), line('read through the edge', m.t, m.edgeReadMs, 1)] }, options: opts(sum.scenario + ': API and database probes', { title: { display: true, text: 'ms' } }) });
  }
  const check = document.getElementById('render-check');
  for (const [id, chart] of Object.entries(charts)) {
    const c = chart.canvas, ctx = c.getContext('2d');
    const img = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < img.length; i += 16) if (img[i + 3] > 0 && (img[i] < 200 || img[i + 1] < 200 || img[i + 2] < 200)) ink++;
    const li = document.createElement('li');
    li.dataset.chart = id;
    li.dataset.ink = String(ink);
    check.appendChild(li);
    if (location.hash.includes('png')) {
      const t = document.createElement('textarea');
      t.dataset.png = id;
      // white behind the chart: a PNG of a transparent canvas reads badly in documents
      const out = document.createElement('canvas');
      out.width = c.width; out.height = c.height;
      const o = out.getContext('2d');
      o.fillStyle = '#ffffff'; o.fillRect(0, 0, out.width, out.height); o.drawImage(c, 0, 0);
      t.textContent = out.toDataURL('image/png');
      document.getElementById('pngs').appendChild(t);
    }
  }
  document.getElementById('render-errors').textContent = errors.join('\n');
  document.body.dataset.rendered = String(Object.keys(charts).length);
})();
`;

export interface RenderCheck {
  rendered: number;
  charts: { id: string; ink: number }[];
  errors: string[];
  pngs: Map<string, Buffer>;
}

/** Debian's chromium, or CHROMIUM. */
export function chromiumBinary(): string {
  return process.env.CHROMIUM || 'chromium';
}

/**
 * Loads the page in headless Chromium and reads back what its script drew;
 * with `png`, each chart as a PNG too.
 */
export async function renderInChromium(htmlFile: string, png: boolean): Promise<RenderCheck> {
  const profile = mkdtempSync(join(tmpdir(), 'judge-load-chromium-'));
  const url = `${pathToFileURL(resolve(htmlFile)).href}${png ? '#png' : ''}`;
  try {
    const dom = await new Promise<string>((done, fail) => {
      const child = spawn(
        chromiumBinary(),
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--no-first-run',
          '--hide-scrollbars',
          `--user-data-dir=${profile}`,
          '--virtual-time-budget=20000',
          '--dump-dom',
          url,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      child.on('error', (e) => {
        clearTimeout(timer);
        fail(new Error(`cannot run ${chromiumBinary()} (apt-get install chromium, or set CHROMIUM): ${e.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0 && out.includes('</html>')) done(out);
        else fail(new Error(`${chromiumBinary()} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
    const rendered = Number(/<body[^>]*data-rendered="(\d+)"/.exec(dom)?.[1] ?? 0);
    const charts = [...dom.matchAll(/<li data-chart="([^"]+)" data-ink="(\d+)"><\/li>/g)].map((m) => ({
      id: m[1]!,
      ink: Number(m[2]),
    }));
    const errText = /<pre id="render-errors">([\s\S]*?)<\/pre>/.exec(dom)?.[1] ?? '';
    const pngs = new Map<string, Buffer>();
    for (const m of dom.matchAll(
      /<textarea data-png="([^"]+)">data:image\/png;base64,([A-Za-z0-9+/=]+)<\/textarea>/g,
    )) {
      pngs.set(m[1]!, Buffer.from(m[2]!, 'base64'));
    }
    return { rendered, charts, errors: errText.trim() ? errText.trim().split('\n') : [], pngs };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Writes DIR/report.html and DIR/charts/*.png; fails when a chart did not render. */
export async function writeReport(
  dir: string,
  results: ScenarioResult[],
  meta: ReportMeta,
): Promise<{ html: string; pngs: string[] }> {
  const html = join(dir, 'report.html');
  writeFileSync(html, renderHtml(results, meta));
  const check = await renderInChromium(html, true);
  const expected = results.flatMap((r) => chartNames(r).map((c) => `${r.summary.scenario}-${c}`));
  const missing = expected.filter((id) => !check.pngs.has(id));
  if (check.errors.length || missing.length) {
    throw new Error(
      `the report did not render in Chromium: ${[...check.errors, ...missing.map((m) => `no chart ${m}`)].join('; ')}`,
    );
  }
  const charts = join(dir, 'charts');
  mkdirSync(charts, { recursive: true });
  const pngs: string[] = [];
  for (const [id, buf] of check.pngs) {
    const f = join(charts, `${id}.png`);
    writeFileSync(f, buf);
    pngs.push(f);
  }
  return { html, pngs };
}
