import type { SubmissionResult } from '@judge/contract';
import { Args } from '@oclif/core';
import { BaseCommand } from '../lib/base.js';
import { loadConfig } from '../lib/config.js';
import { RemoteClient, remoteFlags } from '../lib/remote.js';
import { renderResult } from '../lib/render.js';

export default class Status extends BaseCommand {
  static override summary = "Show a submission's result from a judge node or edge.";
  static override examples = ['<%= config.bin %> status 7f3c2a9e-…'];
  static override args = { id: Args.string({ required: true, description: 'submission id' }) };
  static override flags = { ...remoteFlags };

  async run(): Promise<SubmissionResult> {
    const { args, flags } = await this.parse(Status);
    const config = await loadConfig({ endpoint: flags.endpoint, apiKey: flags['api-key'] });
    const result = await RemoteClient.for(config).status(args.id);
    if (!this.jsonEnabled()) this.log(renderResult(result, this.color()));
    return result;
  }
}
