import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the host mounts its cgroups. */
const HOST_CGROUP_ROOT = '/sys/fs/cgroup';

/** The resources a sandbox's container may use, as its cgroup holds them. */
export interface CgroupLimits {
  memoryBytes: number;
  /** CPUs of the CFS quota; Infinity without a quota. */
  cpus: number;
}

/**
 * A container's cgroup as the host sees it, written directly: a memory
 * ceiling or CPU quota set in microseconds, where Docker's API takes tens of
 * milliseconds per update (`docker update`: dockerd, containerd and runc in
 * turn). Found from the container's first process (`/proc/<pid>/cgroup`),
 * and only when its path names the container's own id, so a process of
 * another pid namespace is never taken for it; `of` gives undefined where
 * the node cannot see or write the host's cgroups (a node in a container, no
 * root), and the caller uses Docker's API.
 */
export class HostCgroup {
  private constructor(
    readonly version: 'v1' | 'v2',
    private readonly memoryDir: string,
    private readonly cpuDir: string,
  ) {}

  /**
   * The cgroup of the container `id` whose first process is `pid` on this host, when it can be written.
   * `where` names other places for the host's cgroups and /proc (tests).
   */
  static of(id: string, pid: number, where: { root?: string; proc?: string } = {}): HostCgroup | undefined {
    const root = where.root ?? HOST_CGROUP_ROOT;
    if (!Number.isInteger(pid) || pid <= 0 || id.length < 12) return undefined;
    let lines: string[];
    try {
      lines = readFileSync(join(where.proc ?? '/proc', String(pid), 'cgroup'), 'utf8').split('\n');
    } catch {
      return undefined;
    }
    const pathOf = (controller: string): string | undefined => {
      for (const line of lines) {
        const [, controllers, path] = line.split(':');
        if (path === undefined) continue;
        if (controller === '' ? controllers === '' : controllers?.split(',').includes(controller)) return path;
      }
      return undefined;
    };
    const unified = pathOf('');
    const memory = pathOf('memory');
    const cpu = pathOf('cpu');
    let found: HostCgroup | undefined;
    if (memory !== undefined && cpu !== undefined) {
      if (!memory.includes(id) || !cpu.includes(id)) return undefined;
      const cpuMount = ['cpu', 'cpu,cpuacct', 'cpuacct,cpu'].find((m) => existsSync(join(root, m, cpu)));
      if (cpuMount) found = new HostCgroup('v1', join(root, 'memory', memory), join(root, cpuMount, cpu));
    } else if (unified !== undefined && unified !== '/') {
      if (!unified.includes(id)) return undefined;
      found = new HostCgroup('v2', join(root, unified), join(root, unified));
    }
    return found?.writable() ? found : undefined;
  }

  private writable(): boolean {
    const file =
      this.version === 'v1' ? join(this.memoryDir, 'memory.limit_in_bytes') : join(this.memoryDir, 'memory.max');
    try {
      // Writing the value it holds changes nothing, and proves the write is allowed.
      writeFileSync(file, readFileSync(file, 'utf8').trim());
      return true;
    } catch {
      return false;
    }
  }

  /** What the cgroup allows now. */
  read(): CgroupLimits {
    if (this.version === 'v1') {
      const quota = Number(readFileSync(join(this.cpuDir, 'cpu.cfs_quota_us'), 'utf8'));
      const period = Number(readFileSync(join(this.cpuDir, 'cpu.cfs_period_us'), 'utf8'));
      return {
        memoryBytes: Number(readFileSync(join(this.memoryDir, 'memory.limit_in_bytes'), 'utf8')),
        cpus: quota > 0 ? quota / period : Number.POSITIVE_INFINITY,
      };
    }
    const max = readFileSync(join(this.memoryDir, 'memory.max'), 'utf8').trim();
    const [quota, period] = readFileSync(join(this.cpuDir, 'cpu.max'), 'utf8').trim().split(' ');
    return {
      memoryBytes: max === 'max' ? Number.POSITIVE_INFINITY : Number(max),
      cpus: quota === 'max' ? Number.POSITIVE_INFINITY : Number(quota) / Number(period),
    };
  }

  /**
   * Sets the memory ceiling with no swap above it (v1: the limit and the
   * limit of memory + swap, in the order that keeps the second at least the
   * first; v2: memory.max, its swap.max stays 0 as Docker made it) and the
   * CPU quota. Throws as the kernel does (EBUSY: more in use than the new
   * ceiling and nothing to reclaim).
   */
  set(memoryBytes: number, cpus: number): void {
    if (this.version === 'v1') {
      const limit = join(this.memoryDir, 'memory.limit_in_bytes');
      const withSwap = join(this.memoryDir, 'memory.memsw.limit_in_bytes');
      const swapAccounted = existsSync(withSwap);
      const current = Number(readFileSync(limit, 'utf8'));
      if (memoryBytes > current) {
        if (swapAccounted) writeFileSync(withSwap, String(memoryBytes));
        writeFileSync(limit, String(memoryBytes));
      } else {
        writeFileSync(limit, String(memoryBytes));
        if (swapAccounted) writeFileSync(withSwap, String(memoryBytes));
      }
      const period = Number(readFileSync(join(this.cpuDir, 'cpu.cfs_period_us'), 'utf8'));
      writeFileSync(join(this.cpuDir, 'cpu.cfs_quota_us'), String(Math.round(cpus * period)));
      return;
    }
    writeFileSync(join(this.memoryDir, 'memory.max'), String(memoryBytes));
    const period = Number(readFileSync(join(this.cpuDir, 'cpu.max'), 'utf8').trim().split(' ')[1] ?? 100_000);
    writeFileSync(join(this.cpuDir, 'cpu.max'), `${Math.round(cpus * period)} ${period}`);
  }
}
