import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  FILE_NAME,
  FILE_NAME_MESSAGE,
  isPlainText,
  type SubmissionRequest,
  splitArgs,
  toBase64,
} from '@judge/contract';
import { type Config, languagesDir } from './config.js';
import { CliError } from './errors.js';

export async function readSource(file: string): Promise<string> {
  return (await readBytes(file)).toString('utf8');
}

export async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT'
      ? new CliError('file-not-found', `no such file: ${file}`)
      : new CliError('cannot-read-file', `cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The language of a file: the flag if given, else the pack claiming its extension. */
export async function languageOf(file: string, flag: string | undefined, config: Config): Promise<string> {
  const { loadPacks, PackRegistry } = await import('@judge/judge');
  const { packs } = await loadPacks(languagesDir(config));
  const registry = new PackRegistry(packs);
  if (flag) return registry.find(flag)?.pack.id ?? flag;
  return registry.forFile(basename(file)).pack.id;
}

/** The program's part of a request and its input, as bytes: what {@link toRequestFields} writes. */
export interface ProgramBytes {
  source: Uint8Array;
  files: { name: string; content: Uint8Array }[];
  stdin?: Uint8Array;
  tests?: { input: Uint8Array; output: Uint8Array }[];
}

/** The main source file and the files beside it (named as they are here, without their directory). */
export async function readProgram(paths: string[]): Promise<ProgramBytes> {
  const [main, ...others] = paths;
  if (!main) throw new Error('no source file given');
  const files: ProgramBytes['files'] = [];
  for (const path of others) {
    const name = basename(path);
    if (!FILE_NAME.test(name)) throw new Error(`${path}: ${FILE_NAME_MESSAGE}`);
    if (files.some((f) => f.name === name)) throw new Error(`${path}: a file named ${name} is given already`);
    files.push({ name, content: await readBytes(path) });
  }
  return { source: await readBytes(main), files };
}

/**
 * The request's fields for a program and its input: text when every part is
 * UTF-8 text, else all of them base64 (`encoding: base64`), so that the judge
 * sees the exact bytes.
 */
export function toRequestFields(
  p: ProgramBytes,
): Pick<SubmissionRequest, 'source' | 'files' | 'stdin' | 'tests' | 'encoding'> {
  const parts = [p.source, ...p.files.map((f) => f.content), ...(p.stdin ? [p.stdin] : [])];
  for (const t of p.tests ?? []) parts.push(t.input, t.output);
  const text = parts.every(isPlainText);
  const write = (b: Uint8Array) => (text ? new TextDecoder().decode(b) : toBase64(b));
  const out: Pick<SubmissionRequest, 'source' | 'files' | 'stdin' | 'tests' | 'encoding'> = { source: write(p.source) };
  if (p.files.length > 0) out.files = p.files.map((f) => ({ name: f.name, content: write(f.content) }));
  if (p.stdin) out.stdin = write(p.stdin);
  if (p.tests) out.tests = p.tests.map((t) => ({ input: write(t.input), output: write(t.output) }));
  if (!text) out.encoding = 'base64';
  return out;
}

/** `--args "a 'b c'"`: split as a shell splits words, nothing expanded. */
export function argsFromFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const args = splitArgs(value);
  if ('error' in args) throw new Error(`--args ${args.error}`);
  return args;
}
