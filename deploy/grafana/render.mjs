#!/usr/bin/env node
// Renders the dashboard's panels from a Prometheus into one HTML page (SVG
// charts, no Grafana needed) and, with --png, a screenshot of it by headless
// Chromium. For the docs' picture and for a quick look where Grafana cannot run.
//   node deploy/grafana/render.mjs --prometheus http://127.0.0.1:9090 --minutes 10 --out dash.html [--png dash.png]
//     [--var target_rps=4]   (the dashboard's variables; defaults from the dashboard)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const COLORS = ['#73bf69', '#f2cc0c', '#5794f2', '#ff780a', '#b877d9', '#f2495c', '#37872d', '#8ab8ff', '#fade2a'];

/** A panel query with the dashboard's variables at their defaults, as Grafana would send it. */
export function expandQuery(dashboard, expr, rateInterval, vars = {}) {
  let out = expr.replaceAll('$__rate_interval', rateInterval);
  for (const v of dashboard.templating.list) {
    if (v.type === 'textbox') out = out.replaceAll(`$${v.name}`, vars[v.name] ?? v.current?.value ?? '');
  }
  return out;
}

function format(unit, v) {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'percentunit') return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
  if (unit === 'bytes') return `${(v / 2 ** 20).toFixed(0)} MiB`;
  if (unit === 's') return v < 1 ? `${(v * 1000).toFixed(0)} ms` : `${v.toFixed(2)} s`;
  if (unit === 'reqps') return `${v.toFixed(v < 10 ? 2 : 0)}/s`;
  return v.toFixed(v < 10 ? 2 : 0);
}

function legend(fmt, metric) {
  return fmt.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k) => metric[k] ?? '');
}

function chart(panel, series, start, end) {
  const W = 560;
  const H = 190;
  const pad = { l: 64, r: 10, t: 8, b: 22 };
  const unit = panel.fieldConfig?.defaults?.unit ?? 'short';
  const values = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  let max = Math.max(0, ...values);
  if (unit === 'percentunit') max = Math.max(max, 0.1);
  if (max === 0) max = 1;
  max *= 1.1;
  const x = (t) => pad.l + ((t - start) / (end - start)) * (W - pad.l - pad.r);
  const y = (v) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const v = f * max;
      return `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#2c3235"/><text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end">${format(unit, v)}</text>`;
    })
    .join('');
  const lines = series
    .map((s, i) => {
      const d = s.points
        .filter((p) => Number.isFinite(p[1]))
        .map((p, j) => `${j ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`)
        .join('');
      const dash = /target/i.test(s.name) ? ' stroke-dasharray="8 6"' : '';
      return `<path d="${d}" fill="none" stroke="${s.name.match(/target/i) ? '#f2495c' : COLORS[i % COLORS.length]}" stroke-width="1.6"${dash}/>`;
    })
    .join('');
  const minutes = (end - start) / 60;
  const axis = [0, 0.5, 1]
    .map((f) => {
      const t = start + f * (end - start);
      const label = `-${Math.round((1 - f) * minutes)}m`;
      return `<text x="${x(t)}" y="${H - 6}" text-anchor="middle">${f === 1 ? 'now' : label}</text>`;
    })
    .join('');
  const keys = series
    .map((s, i) => {
      const last = [...s.points].reverse().find((p) => Number.isFinite(p[1]));
      const color = s.name.match(/target/i) ? '#f2495c' : COLORS[i % COLORS.length];
      return `<span><i style="background:${color}"></i>${s.name} <b>${format(unit, last?.[1])}</b></span>`;
    })
    .join('');
  return `<section><h2>${panel.title}</h2><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${grid}${lines}${axis}</svg><div class="keys">${keys}</div></section>`;
}

/** Queries every panel over the last `minutes` and returns the page. */
export async function renderDashboard({ prometheus, minutes = 10, stepS = 5, rateInterval = '30s', vars = {} }) {
  const dashboard = JSON.parse(readFileSync(join(here, 'dashboards', 'judge.json'), 'utf8'));
  const end = Math.floor(Date.now() / 1000);
  const start = end - minutes * 60;
  const sections = [];
  for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
    const series = [];
    for (const t of panel.targets ?? []) {
      const q = new URLSearchParams({
        query: expandQuery(dashboard, t.expr, rateInterval, vars),
        start: String(start),
        end: String(end),
        step: String(stepS),
      });
      const body = await (await fetch(`${prometheus}/api/v1/query_range?${q}`)).json();
      if (body.status !== 'success') throw new Error(`${panel.title}: ${body.error}`);
      for (const r of body.data.result) {
        // A series that stayed at 0 (a language nobody used) only crowds the legend.
        if (r.values.every(([, v]) => !(Number(v) > 0)) && body.data.result.length > 1) continue;
        series.push({ name: legend(t.legendFormat, r.metric), points: r.values.map(([ts, v]) => [ts, Number(v)]) });
      }
    }
    sections.push(chart(panel, series, start, end));
  }
  return `<!doctype html><meta charset="utf-8"><title>${dashboard.title}</title><style>
body{background:#111217;color:#ccccdc;font:13px system-ui,sans-serif;margin:12px;width:1176px}
h1{font-size:17px;margin:4px 4px 10px}main{display:grid;grid-template-columns:1fr 1fr;gap:10px}
section{background:#181b1f;border:1px solid #2c3235;border-radius:3px;padding:6px 8px}
h2{font-size:13px;margin:2px 0 4px}svg text{fill:#8e8e8e;font-size:10px}
.keys{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:11px}.keys i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
</style><h1>${dashboard.title} · last ${minutes} minutes</h1><main>${sections.join('')}</main>`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = Object.fromEntries(
    process.argv
      .slice(2)
      .join(' ')
      .split(/\s*--/)
      .filter(Boolean)
      .map((a) => a.split(/\s+/)),
  );
  const out = resolve(args.out ?? 'dashboard.html');
  const vars = Object.fromEntries(
    process.argv.flatMap((a, i) => (process.argv[i - 1] === '--var' ? [a.split('=')] : [])),
  );
  const html = await renderDashboard({
    prometheus: args.prometheus ?? 'http://127.0.0.1:9090',
    minutes: Number(args.minutes ?? 10),
    vars,
  });
  writeFileSync(out, html);
  console.log(`wrote ${out}`);
  if (args.png) {
    const png = resolve(args.png);
    const r = spawnSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--hide-scrollbars',
        `--screenshot=${png}`,
        '--window-size=1200,1330',
        `file://${out}`,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`chromium failed: ${r.stderr}`);
    console.log(`wrote ${png}`);
  }
}
