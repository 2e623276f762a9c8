import { BaseCommand } from '../lib/base.js';
import { nodeFlags, runNode } from '../lib/node.js';

export default class Serve extends BaseCommand {
  static override summary = 'Run a judge node: the HTTP API and worker slots.';
  static override description =
    `Serves the API (docs/api.md; default port 3000) and judges submissions with --workers slots in this process (default 2; 0 for an API-only node). Settings come from flags, then environment variables, then the config file, then defaults (docs/configuration.md).
Secrets are read from the environment or the config file only: JUDGE_HMAC_SECRET (requests signed by the edge), JUDGE_API_KEYS (keys for direct use) and JUDGE_ADMIN_TOKEN (problem uploads). With neither a secret nor keys, the node serves this machine only.
Stops gracefully on SIGTERM: no new submissions, running jobs finished.`;
  static override examples = [
    '<%= config.bin %> serve',
    '<%= config.bin %> serve --port 3000 --workers 4 --database-url postgres://judge:judge@127.0.0.1/judge',
  ];
  static override flags = nodeFlags('serve');

  async run(): Promise<{ url: string | undefined }> {
    const { flags } = await this.parse(Serve);
    return runNode('serve', flags);
  }
}
