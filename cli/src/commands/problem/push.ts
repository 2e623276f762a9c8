import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { RemoteClient } from '../../lib/remote.js';

export default class ProblemPush extends BaseCommand {
  static override summary = 'Upload a problem directory to a judge node (admin only).';
  static override description =
    "The node keeps the test data; `judge submit --problem ID` against that node then judges with it. Hidden tests never come back in results. Needs the node's admin token (JUDGE_ADMIN_TOKEN, `judge config set adminToken`, or --token).";
  static override examples = [
    '<%= config.bin %> problem push testcases/aplusb --endpoint http://127.0.0.1:3000',
    'JUDGE_ADMIN_TOKEN=… <%= config.bin %> problem push ./contest/a',
  ];
  static override args = { dir: Args.string({ required: true, description: 'the problem directory' }) };
  static override flags = {
    endpoint: Flags.string({ char: 'e', description: 'judge node or edge URL (default: the configured endpoint)' }),
    token: Flags.string({ description: "the node's admin token" }),
  };

  async run(): Promise<{ id: string; tests: number; created: boolean }> {
    const { args, flags } = await this.parse(ProblemPush);
    const config = await loadConfig();
    const endpoint = flags.endpoint ?? config.endpoint;
    if (!endpoint) throw new Error('no endpoint: use --endpoint or `judge config set endpoint URL`');
    const token = flags.token ?? config.adminToken;
    if (!token) throw new Error('no admin token: use --token, JUDGE_ADMIN_TOKEN or `judge config set adminToken`');
    const { loadProblem, uploadFromLoaded } = await import('@judge/judge');
    const loaded = await loadProblem(args.dir);
    const body = await uploadFromLoaded(loaded);
    const id = loaded.problem.id;
    const client = new RemoteClient(endpoint, token);
    const { status } = await client.send('PUT', `/v1/problems/${encodeURIComponent(id)}`, body);
    const created = status === 201;
    if (!this.jsonEnabled()) {
      this.log(`${created ? 'created' : 'replaced'} ${id} on ${endpoint} (${loaded.tests.length} tests)`);
    }
    return { id, tests: loaded.tests.length, created };
  }
}
