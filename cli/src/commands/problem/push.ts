import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../lib/base.js';
import { loadConfig } from '../../lib/config.js';
import { CliError } from '../../lib/errors.js';
import { RemoteClient, remoteFlags } from '../../lib/remote.js';

export default class ProblemPush extends BaseCommand {
  static override summary = 'Upload a problem directory to a judge node or an edge (admin only).';
  static override description =
    "The node keeps the test data; `judge submit --problem ID` against that node then judges with it. Hidden tests never come back in results. Needs the node's admin token (--token, JUDGE_ADMIN_TOKEN or `judge config set adminToken`) or an admin API key (--api-key, JUDGE_API_KEY or `judge config set apiKey`; through an edge, an admin key of the edge).";
  static override examples = [
    '<%= config.bin %> problem push testcases/aplusb --endpoint http://127.0.0.1:3000 --token dev-admin-token',
    'JUDGE_API_KEY=… <%= config.bin %> problem push ./contest/a -e https://judge.example',
  ];
  static override args = { dir: Args.string({ required: true, description: 'the problem directory' }) };
  static override flags = {
    ...remoteFlags,
    token: Flags.string({ description: "the node's admin token (default: JUDGE_ADMIN_TOKEN)" }),
  };

  async run(): Promise<{ id: string; tests: number; created: boolean }> {
    const { args, flags } = await this.parse(ProblemPush);
    const config = await loadConfig({ endpoint: flags.endpoint, apiKey: flags['api-key'], adminToken: flags.token });
    // What the command line names wins; then the admin token, then the API key, from the environment or the file.
    const bearer = flags.token ?? flags['api-key'] ?? config.adminToken ?? config.apiKey;
    if (!bearer) {
      throw new CliError(
        'no-credentials',
        'no admin credentials: give the admin token (--token, JUDGE_ADMIN_TOKEN) or an admin API key (--api-key, JUDGE_API_KEY)',
      );
    }
    const { loadProblem, uploadFromLoaded } = await import('@judge/judge');
    const loaded = await loadProblem(args.dir);
    const body = await uploadFromLoaded(loaded);
    const id = loaded.problem.id;
    const client = RemoteClient.for({ ...config, apiKey: bearer });
    const { status } = await client.send('PUT', `/v1/problems/${encodeURIComponent(id)}`, body);
    const created = status === 201;
    if (!this.jsonEnabled()) {
      this.log(`${created ? 'created' : 'replaced'} ${id} on ${config.endpoint} (${loaded.tests.length} tests)`);
    }
    return { id, tests: loaded.tests.length, created };
  }
}
