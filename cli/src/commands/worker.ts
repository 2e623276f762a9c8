import { BaseCommand } from '../lib/base.js';
import { nodeFlags, runNode } from '../lib/node.js';

export default class Worker extends BaseCommand {
  static override summary = 'Run judge workers only, to scale a node out.';
  static override description =
    `Takes jobs from the node's queue (same Redis) and writes results to its PostgreSQL (--database-url is required: the embedded database belongs to one \`judge serve\`). Runs on this machine or any other with Docker.
Stops gracefully on SIGTERM: no new jobs, running ones finished.`;
  static override examples = [
    '<%= config.bin %> worker --workers 2 --database-url postgres://judge:judge@10.0.0.5/judge --redis-url redis://10.0.0.5:6379',
  ];
  static override flags = nodeFlags('worker');

  async run(): Promise<void> {
    const { flags } = await this.parse(Worker);
    await runNode('worker', flags);
  }
}
