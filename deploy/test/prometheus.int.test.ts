import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_DIR, tool } from './tools.js';

// deploy/prometheus checked by Debian's promtool: both scrape configs, the rules, and the rules'
// unit tests (rules.test.yml: series that must fire each alert and series that must not).

describe('deploy/prometheus', () => {
  it.each(['prometheus.yml', 'kubernetes.yml'])('%s is a valid config whose rule file is valid', (file) => {
    const r = tool('promtool', ['check', 'config', file], { cwd: PROMETHEUS_DIR });
    expect(r.output).toContain('SUCCESS: 1 rule files found');
    expect(r.status, r.output).toBe(0);
  });

  it('the rules pass their unit tests', () => {
    const r = tool('promtool', ['test', 'rules', 'rules.test.yml'], { cwd: PROMETHEUS_DIR });
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain('SUCCESS');
  });

  it('the unit tests catch an alert that does not fire: a threshold raised past its series fails them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'judge-rules-'));
    const rules = readFileSync(join(PROMETHEUS_DIR, 'rules.yml'), 'utf8');
    const raised = rules.replace('judge:worker_utilization:ratio > 0.9', 'judge:worker_utilization:ratio > 0.99');
    expect(raised).not.toBe(rules);
    writeFileSync(join(dir, 'rules.yml'), raised);
    copyFileSync(join(PROMETHEUS_DIR, 'rules.test.yml'), join(dir, 'rules.test.yml'));
    const r = tool('promtool', ['test', 'rules', 'rules.test.yml'], { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('alertname: JudgeWorkersSaturated');
  });

  it('every alert has a test that fires it and one where it stays quiet', () => {
    const rules = parse(readFileSync(join(PROMETHEUS_DIR, 'rules.yml'), 'utf8')) as {
      groups: { rules: { alert?: string }[] }[];
    };
    const alerts = rules.groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
    const tests = parse(readFileSync(join(PROMETHEUS_DIR, 'rules.test.yml'), 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const alert of alerts) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${alert} fires in a test`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${alert} stays quiet in a test`,
      ).toBe(true);
    }
  });
});
