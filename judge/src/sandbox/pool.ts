import type Docker from 'dockerode';
import { Sandbox, type SandboxOptions } from './sandbox.js';

export interface PoolOptions {
  /** Idle sandboxes kept per image and role. @defaultValue 2 */
  maxIdlePerImage?: number;
  /** A sandbox is replaced after this many runs, however clean. @defaultValue 500 */
  maxUses?: number;
}

/**
 * Warm sandboxes per image and role. `acquire` hands out an idle one
 * (creating one when none is idle); `release` resets it for the next
 * submission, or destroys it when it is broken, dirty or worn out. The
 * caller sets the memory ceiling each phase needs (`Sandbox.setResources`).
 */
export class SandboxPool {
  private idle = new Map<string, Sandbox[]>();
  /** Releases under way (resets), per image and role. */
  private returning = new Map<string, Set<Promise<void>>>();
  private live = new Set<Sandbox>();
  /** Removals under way: `close` waits for them too, so no container outlives the pool. */
  private removing = new Set<Promise<void>>();
  private closed = false;
  private readonly maxIdle: number;
  private readonly maxUses: number;

  constructor(
    private readonly docker: Docker,
    opts: PoolOptions = {},
  ) {
    this.maxIdle = opts.maxIdlePerImage ?? 2;
    this.maxUses = opts.maxUses ?? 500;
  }

  /** Sandboxes alive now (idle or in use). */
  get size(): number {
    return this.live.size;
  }

  async acquire(opts: SandboxOptions): Promise<Sandbox> {
    if (this.closed) throw new Error('sandbox pool is closed');
    const key = this.key(opts.image, opts.role ?? 'program');
    const list = this.idleList(opts.image, opts.role ?? 'program');
    // A sandbox being reset is ready sooner than a new one would be: wait for it rather than create one.
    while (list.length === 0 && (this.returning.get(key)?.size ?? 0) > 0) {
      await Promise.race(this.returning.get(key) ?? []);
    }
    if (this.closed) throw new Error('sandbox pool is closed');
    let sandbox = list.pop();
    while (sandbox && !sandbox.reusable) {
      this.forget(sandbox);
      sandbox = list.pop();
    }
    if (!sandbox) {
      sandbox = await Sandbox.create(this.docker, opts);
      this.live.add(sandbox);
    }
    return sandbox;
  }

  /**
   * Resets the sandbox for the next submission and keeps it (or destroys it).
   * Callers need not wait: an `acquire` for the same image waits for a reset
   * under way instead of creating a sandbox.
   */
  release(sandbox: Sandbox): Promise<void> {
    const key = this.key(sandbox.image, sandbox.role);
    let set = this.returning.get(key);
    if (!set) {
      set = new Set();
      this.returning.set(key, set);
    }
    const done: Promise<void> = this.putBack(sandbox).finally(() => set.delete(done));
    set.add(done);
    return done;
  }

  private async putBack(sandbox: Sandbox): Promise<void> {
    const list = this.idleList(sandbox.image, sandbox.role);
    if (!this.closed && sandbox.reusable && sandbox.uses < this.maxUses && list.length < this.maxIdle) {
      try {
        await sandbox.reset();
        list.push(sandbox);
        return;
      } catch {
        // A sandbox that cannot be reset to its baseline is not reused.
      }
    }
    this.forget(sandbox);
  }

  /** Creates sandboxes ahead of need so the first submissions are fast. */
  async warm(opts: SandboxOptions, count: number): Promise<void> {
    const list = this.idleList(opts.image, opts.role ?? 'program');
    while (list.length < Math.min(count, this.maxIdle) && !this.closed) {
      const sandbox = await Sandbox.create(this.docker, opts);
      this.live.add(sandbox);
      list.push(sandbox);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.clear();
    // Resets under way end in failure once their sandbox is destroyed below; each then removes it.
    await Promise.all([...this.live].map((s) => s.destroy()));
    this.live.clear();
    await Promise.all([...this.returning.values()].flatMap((set) => [...set]));
    await Promise.all([...this.removing]);
  }

  private key(image: string, role: string): string {
    return `${role} ${image}`;
  }

  private idleList(image: string, role: string): Sandbox[] {
    const key = this.key(image, role);
    let list = this.idle.get(key);
    if (!list) {
      list = [];
      this.idle.set(key, list);
    }
    return list;
  }

  private forget(sandbox: Sandbox): void {
    this.live.delete(sandbox);
    const removal = sandbox.destroy().finally(() => this.removing.delete(removal));
    this.removing.add(removal);
  }
}
