import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { ensureImage, openEngine } from '../../lib/local.js';
import { selectPacks } from '../../lib/packs.js';
import { verdictText } from '../../lib/render.js';

interface SelfTest {
  id: string;
  verdict: string;
  compileMs: number | null;
  timeMs: number;
  memoryKb: number;
  detail?: string;
}

export default class LangTest extends BaseCommand {
  static override summary = "Run language packs' self-tests in the real sandbox.";
  static override description = 'Builds only the images that are missing. Exit code 1 if any self-test fails.';
  static override examples = ['<%= config.bin %> lang test', '<%= config.bin %> lang test java rust'];
  static override strict = false;

  async run(): Promise<SelfTest[]> {
    const { argv } = await this.parse(LangTest);
    const engine = await openEngine(await loadConfig());
    const json = this.jsonEnabled();
    const color = this.color();
    const rows: SelfTest[] = [];
    try {
      for (const id of selectPacks(engine.registry, argv as string[])) {
        await ensureImage(engine, id, json);
        const o = await engine.selfTest(id);
        const t = o.tests[0];
        const detail =
          o.error ??
          (o.verdict === 'CE' ? o.compile?.output : (t?.message ?? (t?.verdict !== 'AC' ? t?.stderr : undefined)));
        rows.push({
          id,
          verdict: o.verdict,
          compileMs: o.compile?.timeMs ?? null,
          timeMs: t?.timeMs ?? 0,
          memoryKb: t?.memoryKb ?? 0,
          detail: detail?.slice(0, 300),
        });
        if (!json) {
          const r = rows.at(-1)!;
          const compile = r.compileMs === null ? '-' : `${r.compileMs} ms`;
          this.log(
            `${id.padEnd(12)} ${verdictText(o.verdict, color)}  compile ${compile.padStart(8)}  run ${String(r.timeMs).padStart(5)} ms  ${String(Math.round(r.memoryKb / 1024)).padStart(4)} MB`,
          );
          if (r.detail && o.verdict !== 'AC') this.log(`  ${r.detail.trim().split('\n').join('\n  ')}`);
        }
      }
    } finally {
      await engine.close();
    }
    const failed = rows.filter((r) => r.verdict !== 'AC');
    if (!json) this.log(failed.length ? `${failed.length} of ${rows.length} failed` : `all ${rows.length} passed`);
    process.exitCode = failed.length ? 1 : 0;
    return rows;
  }
}
