import { z } from 'zod';
import { LANGUAGE_NAME_MAX, LanguageNameSchema } from './ids.js';

// A pack id is a language name a request may give, so its length is the same rule.
const PACK_ID = new RegExp(`^[a-z][a-z0-9_+-]{0,${LANGUAGE_NAME_MAX - 1}}$`);

/**
 * A command line. Placeholders expanded by the judge: `{memoryMb}` (the run's
 * memory limit), `{source}` (the pack's source file name), `{sources}` (the
 * source and every file of the submission with one of the pack's extensions)
 * and `{options}` (the submission's compiler options, each allowed by
 * `compile.options`). An argument that is exactly `{sources}` or `{options}`
 * becomes one argument per item (none when there are none); inside a longer
 * argument (a `sh -c` script) the items are joined by spaces, which is safe:
 * file names and allowed options hold no shell syntax.
 */
const CommandSchema = z.array(z.string().min(1)).min(1);

/** An allowed compiler option: a regular expression the whole option must match, without shell syntax. */
const OptionPatternSchema = z
  .string()
  .min(1)
  .refine((p) => {
    try {
      new RegExp(`^(?:${p})$`);
      return true;
    } catch {
      return false;
    }
  }, 'a regular expression');

/** Options a pattern may admit: no spaces, quotes or shell syntax (they may land inside `sh -c`). */
export const COMPILER_OPTION = /^-[A-Za-z0-9_+=.,:-]{1,127}$/;

/** Whether a compiler option is allowed by a pack's list. */
export function compilerOptionAllowed(pack: Pick<LanguagePack, 'compile'>, option: string): boolean {
  if (!COMPILER_OPTION.test(option)) return false;
  return (pack.compile?.options ?? []).some((p) => new RegExp(`^(?:${p})$`).test(option));
}

/** The limits a compilation runs under; generous, and fixed per pack. */
export const CompileLimitsSchema = z
  .object({
    /** CPU time. @defaultValue 10000 */
    timeMs: z.number().int().min(100).max(120_000).default(10_000),
    /** Wall time. @defaultValue 20000 */
    wallMs: z.number().int().min(100).max(300_000).default(20_000),
    /** Memory. @defaultValue 512 */
    memoryMb: z.number().int().min(16).max(8192).default(512),
    /** Processes the compiler may start. @defaultValue 64 */
    processes: z.number().int().min(1).max(1024).default(64),
  })
  .strict();

export const LanguagePackSchema = z
  .object({
    id: z.string().regex(PACK_ID, `ids are lowercase, start with a letter, at most ${LANGUAGE_NAME_MAX} characters`),
    name: z.string().min(1),
    /** The toolchain's version as users see it. */
    version: z.string().min(1),
    /** Bump when commands or the image change: it keys images and the compile cache. */
    revision: z.number().int().min(1).default(1),
    aliases: z.array(LanguageNameSchema).default([]),
    extensions: z.array(z.string().regex(/^\.[A-Za-z0-9+]+$/, 'extensions start with a dot')).min(1),
    /** File name the source is written to. */
    source: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a plain file name'),
    compile: z
      .object({
        command: CommandSchema,
        /**
         * Compiler options a submission may add (at `{options}`), each a regular expression a whole option must
         * match; none when absent. Only options that change how the program is built, never where files are read
         * or written (docs/api.md, compiler options).
         */
        options: z.array(OptionPatternSchema).optional(),
        limits: CompileLimitsSchema.default({ timeMs: 10_000, wallMs: 20_000, memoryMb: 512, processes: 64 }),
      })
      .strict()
      .optional(),
    /**
     * For languages without a compile step: a command that checks the source
     * without running it (`python3 -m py_compile`, `node --check`) and fails on
     * a syntax error, which is then CE with its output. It produces nothing the
     * run uses. The judge runs it when the program fails a test with RE (a
     * program with a syntax error never runs), so programs that run pay nothing;
     * never for a plain run, whose stderr shows the interpreter's complaint.
     */
    check: z
      .object({
        command: CommandSchema,
        limits: CompileLimitsSchema.default({ timeMs: 10_000, wallMs: 20_000, memoryMb: 512, processes: 64 }),
      })
      .strict()
      .optional(),
    run: z
      .object({
        command: CommandSchema,
        /** Processes a run may start (threads count). @defaultValue 16 */
        processes: z.number().int().min(1).max(1024).default(16),
      })
      .strict(),
    /** Environment of compile and run; nothing else is passed in. */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    memory: z
      .object({
        /**
         * Memory the runtime itself needs beyond the program's limit (JVM,
         * .NET, Go): the container ceiling and the MLE threshold add it, so a
         * program is judged on what it uses, not on its runtime's baseline.
         * @defaultValue 0
         */
        overheadMb: z.number().int().min(0).max(4096).default(0),
        /** Set RLIMIT_AS to the limit (native code only; breaks JIT runtimes). @defaultValue false */
        addressSpaceLimit: z.boolean().default(false),
        /** stderr text by which the runtime reports its own heap exhausted: MLE, not RE. */
        outOfMemoryPattern: z.string().optional(),
      })
      .strict()
      .default({ overheadMb: 0, addressSpaceLimit: false }),
    selfTest: z
      .object({
        source: z.string().min(1),
        stdin: z.string().default(''),
        expected: z.string(),
      })
      .strict(),
  })
  .strict()
  .refine((p) => !(p.check && p.compile), {
    message: 'a pack with a compile step needs no check step: the compiler checks',
    path: ['check'],
  });
export type LanguagePack = z.infer<typeof LanguagePackSchema>;
export type LanguagePackInput = z.input<typeof LanguagePackSchema>;

/** What `GET /v1/languages` lists for each pack. */
export const LanguageInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  aliases: z.array(z.string()),
  extensions: z.array(z.string()),
  compiled: z.boolean(),
  /** The compiler options a submission may give: regular expressions a whole option must match. */
  compilerOptions: z.array(z.string()).optional(),
});
export type LanguageInfo = z.infer<typeof LanguageInfoSchema>;

export function languageInfo(pack: LanguagePack): LanguageInfo {
  return {
    id: pack.id,
    name: pack.name,
    version: pack.version,
    aliases: pack.aliases,
    extensions: pack.extensions,
    compiled: pack.compile !== undefined,
    ...(pack.compile?.options?.length ? { compilerOptions: pack.compile.options } : {}),
  };
}
