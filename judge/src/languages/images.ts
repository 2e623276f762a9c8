import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { type LoadedPack, PACK_FILE } from './packs.js';

export const BASE_DIR = 'base';
/**
 * The name under which a Dockerfile that fetches over TLS finds the build host's extra CA certificates (the file
 * named by `NODE_EXTRA_CA_CERTS`, as behind a TLS-inspecting proxy). Such a Dockerfile copies it optionally
 * (`COPY host-ca.pe[m]`): without the variable, the context has no such file.
 */
export const HOST_CA_FILE = 'host-ca.pem';
const HOST_CA_COPY = 'host-ca.pe[m]';

/** A line of build output, for progress displays. */
export type BuildProgress = (line: string) => void;

async function hashDir(dir: string, skip: (name: string) => boolean): Promise<string> {
  const h = createHash('sha256');
  for (const name of (await readdir(dir)).sort()) {
    if (skip(name)) continue;
    h.update(name)
      .update('\0')
      .update(await readFile(join(dir, name)))
      .update('\0');
  }
  return h.digest('hex').slice(0, 12);
}

/** Image tags derive from the files that build them: a change rebuilds, nothing else does. */
export async function baseImageTag(languagesDir: string): Promise<string> {
  return `judge/base:${await hashDir(join(languagesDir, BASE_DIR), () => false)}`;
}

export async function packImageTag(loaded: LoadedPack, baseTag: string): Promise<string> {
  const files = await hashDir(loaded.dir, (n) => n === PACK_FILE || n.startsWith('.'));
  const h = createHash('sha256').update(files).update(baseTag).digest('hex').slice(0, 12);
  return `judge/lang-${loaded.pack.id}:${h}`;
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * The build context for `dir`: the directory itself, or, when its Dockerfile asks for {@link HOST_CA_FILE} and the
 * host names extra CA certificates, a temporary copy with them added (the pack's own files, and so its image tag,
 * stay the same on every host).
 */
export async function buildContext(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const none = { dir, dispose: async () => {} };
  const caFile = env.NODE_EXTRA_CA_CERTS;
  if (!caFile) return none;
  const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8').catch(() => '');
  if (!dockerfile.includes(HOST_CA_COPY)) return none;
  const copy = await mkdtemp(join(tmpdir(), 'judge-build-'));
  try {
    for (const name of await readdir(dir)) if (!name.startsWith('.')) await copyFile(join(dir, name), join(copy, name));
    await copyFile(caFile, join(copy, HOST_CA_FILE)).catch((e: Error) => {
      throw new Error(`NODE_EXTRA_CA_CERTS: cannot read ${caFile}: ${e.message}`);
    });
  } catch (e) {
    await rm(copy, { recursive: true, force: true });
    throw e;
  }
  return { dir: copy, dispose: () => rm(copy, { recursive: true, force: true }) };
}

/** Builds `contextDir` into `tag` (host network: apt needs the mirror), streaming its output. */
export async function buildImage(
  docker: Docker,
  contextDir: string,
  tag: string,
  buildArgs: Record<string, string>,
  onProgress: BuildProgress = () => {},
): Promise<void> {
  const src = (await readdir(contextDir)).filter((n) => !n.startsWith('.'));
  const stream = await docker.buildImage(
    { context: contextDir, src },
    { t: tag, buildargs: buildArgs, networkmode: 'host', rm: true, forcerm: true },
  );
  await new Promise<void>((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err || failure ? reject(new Error(failure ?? err?.message)) : resolve()),
      (event: { stream?: string; error?: string; status?: string }) => {
        if (event.error) failure = `building ${tag} failed: ${event.error.trim()}`;
        const text = event.stream ?? event.status;
        if (text) for (const line of text.split('\n')) if (line.trim()) onProgress(line.trimEnd());
      },
    );
  });
}

/** Builds the base image and pack images that are missing, in dependency order. */
export class ImageBuilder {
  private baseTag: Promise<string> | undefined;
  private baseBuild: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly languagesDir: string,
  ) {}

  base(): Promise<string> {
    this.baseTag ??= baseImageTag(this.languagesDir);
    return this.baseTag;
  }

  /** Builds the base image (the runner) when it is missing. */
  async ensureBase(onProgress?: BuildProgress): Promise<string> {
    const baseTag = await this.base();
    this.baseBuild ??= imageExists(this.docker, baseTag).then(async (exists) => {
      if (exists) return;
      onProgress?.(`building base image ${baseTag}`);
      await buildImage(this.docker, join(this.languagesDir, BASE_DIR), baseTag, {}, onProgress);
    });
    try {
      await this.baseBuild;
    } catch (e) {
      this.baseBuild = undefined;
      throw e;
    }
    return baseTag;
  }

  async tagFor(loaded: LoadedPack): Promise<string> {
    return packImageTag(loaded, await this.base());
  }

  /** Ensures the pack's image exists; returns its tag and whether it was built now. */
  async ensure(
    loaded: LoadedPack,
    onProgress?: BuildProgress,
    opts: { force?: boolean } = {},
  ): Promise<{ tag: string; built: boolean }> {
    const baseTag = await this.ensureBase(onProgress);
    const tag = await this.tagFor(loaded);
    if (!opts.force && (await imageExists(this.docker, tag))) return { tag, built: false };
    onProgress?.(`building ${tag}`);
    const context = await buildContext(loaded.dir);
    try {
      await buildImage(this.docker, context.dir, tag, { BASE: baseTag }, onProgress);
    } finally {
      await context.dispose();
    }
    return { tag, built: true };
  }
}
