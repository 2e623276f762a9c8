import { Flags } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';
import { loadConfig } from '../lib/config.js';
import { openEngine } from '../lib/local.js';

export default class Calibrate extends BaseCommand {
  static override summary =
    "Measure this machine's speed against the reference machine, and its best number of worker slots.";
  static override description =
    `Runs each language's reference program (a sieve, the same on every machine) in the sandbox and compares its CPU time with the reference machine's: the factor by which a node on this machine scales time limits stated for the reference machine (docs/calibration.md). Then judges short submissions 0.5 to 3 per core at once: the fewest at once within 5% of the most submissions per second is what \`judge serve --workers auto\` runs. The result is cached (every node of the machine reads it) and measured again when the machine, the language images or the reference change. Needs the language images (judge lang build).`;
  static override examples = ['<%= config.bin %> calibrate', '<%= config.bin %> calibrate --force --json'];
  static override flags = {
    force: Flags.boolean({ description: 'measure again even when the cached calibration still holds' }),
    file: Flags.string({
      description: 'where the calibration is kept (default: $XDG_CACHE_HOME/judge/calibration.json)',
    }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(Calibrate);
    const judge = await import('@judge/judge');
    const file = flags.file ?? judge.defaultCalibrationFile();
    const json = this.jsonEnabled();
    const engine = await openEngine(await loadConfig(), 3 * judge.coreCount());
    try {
      let c = flags.force ? undefined : await judge.currentCalibration(file, engine);
      const cached = c !== undefined && c.concurrency !== undefined;
      if (!c || !cached) {
        if (!json) this.logToStderr('measuring (about a minute)…');
        c = await judge.calibrate(engine, { log: json ? undefined : (line) => this.logToStderr(`  ${line}`) });
        judge.writeCalibration(file, c);
      }
      if (!json) {
        this.log(
          `${cached ? 'cached' : 'measured'} ${c.measuredAt} (${c.machine.cpu}, ${c.machine.cores} cores), in ${file}`,
        );
        this.log(`reference: ${judge.REFERENCE_MACHINE} (${c.reference})`);
        this.log('language      CPU here  reference  factor');
        for (const [language, factor] of Object.entries(c.languages)) {
          const ref = judge.REFERENCE_PROGRAMS[language]?.cpuMs ?? 0;
          this.log(
            `${language.padEnd(12)} ${String(c.cpuMs[language]).padStart(6)} ms ${String(ref).padStart(7)} ms  ${factor.toFixed(2)}`,
          );
        }
        this.log(`factor: ${c.factor.toFixed(2)} (the median; > 1: slower than the reference machine)`);
        if (c.concurrency) {
          const sweep = c.concurrency.sweep.map((s) => `${s.slots}: ${s.perSecond.toFixed(2)}/s`).join(', ');
          this.log(`submissions per second by slots: ${sweep}`);
          this.log(
            `worker slots: ${c.concurrency.slots} (${c.concurrency.slotsPerCore} per core on ${c.concurrency.cores} cores)`,
          );
        }
      }
      return c;
    } finally {
      await engine.close();
    }
  }
}
