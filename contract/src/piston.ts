import { z } from 'zod';
import { LanguageNameSchema } from './ids.js';

// Piston's v2 protocol (`/api/v2/runtimes`, `/api/v2/execute`), as the nodes
// serve it and the edge checks it: existing Piston clients work unchanged.

/** The most files an execute request may name: the first is the program, the others sit beside it. */
export const PISTON_MAX_FILES = 64;

/** `POST /api/v2/execute`. Extra fields are ignored, as Piston does. */
export const PistonExecuteSchema = z.object({
  language: LanguageNameSchema,
  /** `*`, an exact version or a prefix of one. @defaultValue * */
  version: z.string().max(64).default('*'),
  files: z
    .array(
      z.object({
        name: z.string().max(255).optional(),
        content: z.string(),
        encoding: z.enum(['utf8', 'base64', 'hex']).optional(),
      }),
    )
    .min(1)
    .max(PISTON_MAX_FILES),
  stdin: z.string().default(''),
  /** Arguments of the program (argv, never through a shell). */
  args: z.array(z.string()).default([]),
  compile_timeout: z.number().optional(),
  run_timeout: z.number().optional(),
  compile_memory_limit: z.number().optional(),
  run_memory_limit: z.number().optional(),
});
export type PistonExecute = z.infer<typeof PistonExecuteSchema>;
export type PistonExecuteInput = z.input<typeof PistonExecuteSchema>;

/** One stage (compile or run) of a Piston result. */
export const PistonStageSchema = z.object({
  stdout: z.string(),
  stderr: z.string(),
  output: z.string(),
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** Piston v3 extras. */
  status: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
  cpu_time: z.number().optional(),
  wall_time: z.number().optional(),
  memory: z.number().optional(),
});
export type PistonStage = z.infer<typeof PistonStageSchema>;

export const PistonResultSchema = z.object({
  language: z.string(),
  version: z.string(),
  /** Absent when compilation failed: the program never ran (as Piston answers). */
  run: PistonStageSchema.optional(),
  compile: PistonStageSchema.optional(),
});
export type PistonResult = z.infer<typeof PistonResultSchema>;

/** One entry of `GET /api/v2/runtimes`. */
export const PistonRuntimeSchema = z.object({
  language: z.string(),
  version: z.string(),
  aliases: z.array(z.string()),
  runtime: z.string().optional(),
});
export type PistonRuntime = z.infer<typeof PistonRuntimeSchema>;

/** Piston's error body: `{message}` and nothing else. */
export const PistonErrorSchema = z.object({ message: z.string() });
